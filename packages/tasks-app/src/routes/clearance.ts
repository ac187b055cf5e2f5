import { AdminGetUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import { fastifyGuards } from "@tollgate/cognito-permit";
import {
  ClearanceChange,
  ClearanceChanged,
  ClearanceList,
  ErrorResponses,
  Username,
} from "@tollgate/contracts";
import type { TasksApi } from "./api.ts";
import type { AppContext } from "./context.ts";
import { sendCognitoError, sendError } from "./http.ts";

/**
 * The `clearance` user attribute the policy's ABAC rule reads (`high` sees confidential tasks). It
 * lives in the authorization service, not the user pool: read with `user:get`, set with `user:create`.
 */
export function clearanceRoutes(app: TasksApi, ctx: AppContext): void {
  const { requirePermission } = fastifyGuards({
    verifier: ctx.verifier,
    permit: ctx.permit,
    decisionTimeoutMs: ctx.config.decisionTimeoutMs,
    sessions: ctx.sessions,
  });

  const tags = ["users"];

  app.get(
    "/api/clearances",
    {
      schema: { tags, response: { 200: ClearanceList, ...ErrorResponses } },
      preHandler: requirePermission("get", "user"),
    },
    async (_req, reply) => {
      try {
        const clearances: Record<string, string> = {};
        for (let page = 1; page <= 50; page++) {
          const users = (await ctx.permit.api.users.list({ page, perPage: 100 })) as unknown as
            | { data: { key: string; attributes?: Record<string, unknown> }[] }
            | { key: string; attributes?: Record<string, unknown> }[];
          const rows = Array.isArray(users) ? users : users.data;
          for (const u of rows) {
            const c = u.attributes?.clearance;
            if (typeof c === "string") clearances[u.key] = c;
          }
          if (rows.length < 100) break;
        }
        return { clearances };
      } catch {
        return sendError(
          reply,
          503,
          "authorization_unavailable",
          "the authorization service cannot be reached",
        );
      }
    },
  );

  app.put(
    "/api/users/:username/clearance",
    {
      schema: {
        tags,
        params: Username,
        body: ClearanceChange,
        response: { 200: ClearanceChanged, ...ErrorResponses },
      },
      preHandler: requirePermission("create", "user"),
    },
    async (req, reply) => {
      const { username } = req.params;
      const { clearance } = req.body;
      let sub: string;
      try {
        const user = await ctx.cognito.send(
          new AdminGetUserCommand({ UserPoolId: ctx.config.cognito.userPoolId, Username: username }),
        );
        sub = (user.UserAttributes ?? []).find((a) => a.Name === "sub")?.Value ?? username;
      } catch (err) {
        return sendCognitoError(reply, err);
      }
      try {
        const current = await ctx.permit.api.users.get(sub).catch(() => undefined);
        const attributes = { ...(current?.attributes ?? {}), clearance };
        if (current) await ctx.permit.api.users.update(sub, { attributes });
        else await ctx.permit.api.users.sync({ key: sub, attributes });
      } catch {
        return sendError(reply, 503, "authorization_unavailable", "could not save the clearance");
      }
      ctx.hub.notifyAll("users");
      ctx.hub.notify([sub], "tasks");
      return { username, sub, clearance };
    },
  );
}
