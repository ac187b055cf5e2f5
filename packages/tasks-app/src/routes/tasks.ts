import { randomUUID } from "node:crypto";
import { createOwnedInstance, deleteInstance, fastifyGuards } from "@tollgate/cognito-permit";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { TASK_TENANT, taskResource, visibleTasks } from "../fine-grained/task-access.ts";
import type { AppContext } from "./context.ts";
import { authenticate, sendError } from "./http.ts";

const Id = Type.Object({
  id: Type.String({ pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$" }),
});
const Title = Type.String({ minLength: 1, maxLength: 200, pattern: "\\S" });

/**
 * Tasks: every route asks Permit first (`task:get|create|update|check|delete`) about the task
 * instance `task:<id>`, so a tenant role and a role on the task (owner, shared) both count; a denied
 * action changes nothing. The list holds only what the user may see.
 */
export function taskRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { requirePermission } = fastifyGuards({
    verifier: ctx.verifier,
    permit: ctx.permit,
    decisionTimeoutMs: ctx.config.decisionTimeoutMs,
    sessions: ctx.sessions,
  });
  const changed = () => ctx.hub.notifyAll("tasks");
  const onTask = (req: { params: unknown }) => taskResource((req.params as { id: string }).id);

  app.get("/api/tasks", async (req, reply) => {
    const claims = await authenticate(ctx, req, reply);
    if (!claims) return reply;
    let tasks: Awaited<ReturnType<typeof visibleTasks>>;
    try {
      tasks = await visibleTasks(ctx.permit, claims.sub, {
        all: () => ctx.store.list(),
        withIds: (ids) => ctx.store.listByIds(ids),
      });
    } catch {
      return sendError(
        reply,
        503,
        "authorization_unavailable",
        "the authorization service gave no usable answer",
      );
    }
    if (tasks === undefined) return sendError(reply, 403, "forbidden", "you may not get task");
    return { tasks };
  });

  app.get(
    "/api/tasks/:id",
    { schema: { params: Id }, preHandler: requirePermission("get", onTask) },
    async (req, reply) => {
      const task = await ctx.store.get((req.params as { id: string }).id);
      return task ?? sendError(reply, 404, "task_not_found", "no such task");
    },
  );

  app.post(
    "/api/tasks",
    {
      schema: { body: Type.Object({ title: Title }, { additionalProperties: false }) },
      preHandler: requirePermission("create", "task"),
    },
    async (req, reply) => {
      const claims = req.cognito!;
      const now = new Date().toISOString();
      const task = {
        id: randomUUID(),
        title: (req.body as { title: string }).title.trim(),
        done: false,
        created_by: claims.sub,
        created_by_name: (await ctx.store.displayName(claims.sub)) ?? null,
        created_at: now,
        updated_at: now,
        project_id: null,
        confidential: false,
      };
      // The instance and its owner first: if Permit refuses, the task was never created.
      try {
        await createOwnedInstance(ctx.permit, {
          type: "task",
          key: task.id,
          owner: claims.sub,
          tenant: TASK_TENANT,
        });
      } catch (err) {
        req.log.error({ err }, "creating the task instance failed");
        return sendError(
          reply,
          503,
          "authorization_unavailable",
          "could not record the task's owner; nothing was created",
        );
      }
      await ctx.store.insert(task);
      changed();
      return reply.code(201).send(task);
    },
  );

  app.patch(
    "/api/tasks/:id",
    {
      schema: { params: Id, body: Type.Object({ title: Title }, { additionalProperties: false }) },
      preHandler: requirePermission("update", onTask),
    },
    async (req, reply) => {
      const id = (req.params as { id: string }).id;
      const task = await ctx.store.update(
        id,
        { title: (req.body as { title: string }).title.trim() },
        new Date().toISOString(),
      );
      if (!task) return sendError(reply, 404, "task_not_found", "no such task");
      changed();
      return task;
    },
  );

  app.post(
    "/api/tasks/:id/check",
    {
      schema: { params: Id, body: Type.Object({ done: Type.Boolean() }, { additionalProperties: false }) },
      preHandler: requirePermission("check", onTask),
    },
    async (req, reply) => {
      const id = (req.params as { id: string }).id;
      const task = await ctx.store.update(
        id,
        { done: (req.body as { done: boolean }).done },
        new Date().toISOString(),
      );
      if (!task) return sendError(reply, 404, "task_not_found", "no such task");
      changed();
      return task;
    },
  );

  app.delete(
    "/api/tasks/:id",
    { schema: { params: Id }, preHandler: requirePermission("delete", onTask) },
    async (req, reply) => {
      const id = (req.params as { id: string }).id;
      if (!(await ctx.store.delete(id))) {
        return sendError(reply, 404, "task_not_found", "no such task");
      }
      // Its roles go with it; a failure leaves an instance no task refers to, which grants nothing.
      await deleteInstance(ctx.permit, "task", id).catch((err: unknown) =>
        req.log.warn({ err }, "deleting the task instance failed"),
      );
      changed();
      return reply.code(204).send();
    },
  );
}
