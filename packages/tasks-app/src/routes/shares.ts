import { AdminGetUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import { fastifyGuards, share, unshare, whoHasAccess } from "@tollgate/cognito-permit";
import { ErrorResponses, NewShare, ShareParams, TaskId, TaskShareList } from "@tollgate/contracts";
import { Type } from "typebox";
import { TASK_TENANT, taskResource } from "../fine-grained/task-access.ts";
import type { TasksApi } from "./api.ts";
import type { AppContext } from "./context.ts";
import { sendCognitoError, sendError, viaPermit } from "./http.ts";

/** Roles on a task that sharing never touches: the owner stays the owner. */
const KEEP = ["owner"];

/**
 * Sharing a task: who has access, share with a colleague as `editor` or `viewer`, revoke. Each
 * route asks Permit for `task:share` on `task:<id>` (the owner's role and the admin's tenant role
 * have it). The change reaches the colleague's open page through the authorization service's change
 * stream (see live/permission-feed.ts).
 */
export function shareRoutes(app: TasksApi, ctx: AppContext): void {
  const { requirePermission } = fastifyGuards({
    verifier: ctx.verifier,
    permit: ctx.permit,
    decisionTimeoutMs: ctx.config.decisionTimeoutMs,
    sessions: ctx.sessions,
  });
  const guard = requirePermission("share", (req) => taskResource((req.params as { id: string }).id));
  const object = (id: string) => ({ type: "task", key: id, tenant: TASK_TENANT });
  const tags = ["sharing"];

  const accessList = async (id: string) => {
    const held = await whoHasAccess(ctx.permit, object(id));
    return Promise.all(
      held.map(async (h) => ({
        sub: h.user,
        role: h.role,
        name: (await ctx.store.displayName(h.user)) ?? null,
      })),
    );
  };

  app.get(
    "/api/tasks/:id/shares",
    {
      schema: { tags, params: TaskId, response: { 200: TaskShareList, ...ErrorResponses } },
      preHandler: guard,
    },
    async (req, reply) => {
      const { id } = req.params;
      if (!(await ctx.store.get(id))) return sendError(reply, 404, "task_not_found", "no such task");
      return viaPermit(reply, async () => ({ shares: await accessList(id) }));
    },
  );

  app.post(
    "/api/tasks/:id/shares",
    {
      schema: { tags, params: TaskId, body: NewShare, response: { 201: TaskShareList, ...ErrorResponses } },
      preHandler: guard,
    },
    async (req, reply) => {
      const { id } = req.params;
      const body = req.body;
      if (!(await ctx.store.get(id))) return sendError(reply, 404, "task_not_found", "no such task");
      // The pool resolves a sub, a username or an e-mail to the one account.
      let sub: string;
      let email: string | undefined;
      try {
        const user = await ctx.cognito.send(
          new AdminGetUserCommand({ UserPoolId: ctx.config.cognito.userPoolId, Username: body.user }),
        );
        const attrs = Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
        sub = attrs.sub ?? body.user;
        email = attrs.email;
        if (user.Enabled === false) return sendError(reply, 400, "user_disabled", "that account is disabled");
      } catch (err) {
        return sendCognitoError(reply, err);
      }
      if (sub === req.cognito!.sub) {
        return sendError(reply, 400, "cannot_share_with_self", "you already have access to this task");
      }
      return viaPermit(reply, async () => {
        const held = await whoHasAccess(ctx.permit, object(id));
        if (held.some((h) => h.user === sub && h.role === "owner")) {
          return sendError(reply, 409, "already_owner", "that person owns this task");
        }
        // A colleague who never signed in is not in Permit yet; a role needs the user to exist.
        await ctx.permit.api.users.get(sub).catch(async (err: unknown) => {
          if ((err as { response?: { status?: number } })?.response?.status !== 404) throw err;
          await ctx.permit.api.users.sync({ key: sub, ...(email && { email }) });
        });
        await share(ctx.permit, object(id), { user: sub, role: body.role }, { keep: KEEP });
        return reply.code(201).send({ shares: await accessList(id) });
      });
    },
  );

  app.delete(
    "/api/tasks/:id/shares/:sub",
    {
      schema: { tags, params: ShareParams, response: { 204: Type.Null(), ...ErrorResponses } },
      preHandler: guard,
    },
    async (req, reply) => {
      const { id, sub } = req.params;
      if (!(await ctx.store.get(id))) return sendError(reply, 404, "task_not_found", "no such task");
      return viaPermit(reply, async () => {
        if ((await unshare(ctx.permit, object(id), sub, { keep: KEEP })) === 0) {
          return sendError(reply, 404, "share_not_found", "that person has no shared access to this task");
        }
        return reply.code(204).send(null);
      });
    },
  );
}
