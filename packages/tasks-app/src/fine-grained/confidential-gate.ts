import { bearerOf } from "@tollgate/cognito-permit";
import type { TasksApi } from "../routes/api.ts";
import type { AppContext } from "../routes/context.ts";
import { sendError } from "../routes/http.ts";
import { maySeeConfidential } from "./task-access.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Confidential tasks are invisible without high clearance, whatever the role: every route on one
 * task (`/api/tasks/:id...`) answers 403 for them, as it would for a task the user may not get.
 * Runs before the routes' own guards; a request without a valid token is left to them (401).
 */
export function confidentialGate(app: TasksApi, ctx: AppContext): void {
  app.addHook("preHandler", async (request, reply) => {
    if (!request.routeOptions.url?.startsWith("/api/tasks/:id")) return;
    const id = (request.params as { id?: string }).id;
    if (!id || !UUID.test(id)) return;
    const task = await ctx.store.get(id);
    if (!task?.confidential) return;
    const token = bearerOf(request.headers.authorization);
    if (!token) return;
    const claims = await ctx.verifier.verify(token).catch(() => undefined);
    if (!claims) return;
    let cleared: boolean;
    try {
      cleared = await maySeeConfidential(ctx.permit, claims.sub, ctx.config.decisionTimeoutMs);
    } catch {
      return sendError(
        reply,
        503,
        "authorization_unavailable",
        "the authorization service gave no usable answer",
      );
    }
    if (!cleared) return sendError(reply, 403, "forbidden", "you may not get task");
  });
}
