import { randomUUID } from "node:crypto";
import { createOwnedInstance, deleteInstance, fastifyGuards } from "@tollgate/cognito-permit";
import { ErrorResponses, NewTask, Task, TaskCheck, TaskId, TaskList, TaskRename } from "@tollgate/contracts";
import { Type } from "typebox";
import { TASK_TENANT, taskResource, visibleTasks } from "../fine-grained/task-access.ts";
import type { TasksApi } from "./api.ts";
import type { AppContext } from "./context.ts";
import { authenticate, sendError } from "./http.ts";

/**
 * Tasks: every route asks Permit first (`task:get|create|update|check|delete`) about the task
 * instance `task:<id>`, so a tenant role and a role on the task (owner, shared) both count; a denied
 * action changes nothing. The list holds only what the user may see.
 */
export function taskRoutes(app: TasksApi, ctx: AppContext): void {
  const { requirePermission } = fastifyGuards({
    verifier: ctx.verifier,
    permit: ctx.permit,
    decisionTimeoutMs: ctx.config.decisionTimeoutMs,
    sessions: ctx.sessions,
  });
  const changed = () => ctx.hub.notifyAll("tasks");
  const tags = ["tasks"];
  const onTask = (req: { params: unknown }) => taskResource((req.params as { id: string }).id);

  app.get(
    "/api/tasks",
    { schema: { tags, response: { 200: TaskList, ...ErrorResponses } } },
    async (req, reply) => {
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
    },
  );

  app.get(
    "/api/tasks/:id",
    {
      schema: { tags, params: TaskId, response: { 200: Task, ...ErrorResponses } },
      preHandler: requirePermission("get", onTask),
    },
    async (req, reply) => {
      const task = await ctx.store.get(req.params.id);
      return task ?? sendError(reply, 404, "task_not_found", "no such task");
    },
  );

  app.post(
    "/api/tasks",
    {
      schema: { tags, body: NewTask, response: { 201: Task, ...ErrorResponses } },
      preHandler: requirePermission("create", "task"),
    },
    async (req, reply) => {
      const claims = req.cognito!;
      const now = new Date().toISOString();
      const task = {
        id: randomUUID(),
        title: req.body.title.trim(),
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
      schema: { tags, params: TaskId, body: TaskRename, response: { 200: Task, ...ErrorResponses } },
      preHandler: requirePermission("update", onTask),
    },
    async (req, reply) => {
      const task = await ctx.store.update(
        req.params.id,
        { title: req.body.title.trim() },
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
      schema: { tags, params: TaskId, body: TaskCheck, response: { 200: Task, ...ErrorResponses } },
      preHandler: requirePermission("check", onTask),
    },
    async (req, reply) => {
      const task = await ctx.store.update(req.params.id, { done: req.body.done }, new Date().toISOString());
      if (!task) return sendError(reply, 404, "task_not_found", "no such task");
      changed();
      return task;
    },
  );

  app.delete(
    "/api/tasks/:id",
    {
      schema: { tags, params: TaskId, response: { 204: Type.Null(), ...ErrorResponses } },
      preHandler: requirePermission("delete", onTask),
    },
    async (req, reply) => {
      const id = req.params.id;
      if (!(await ctx.store.delete(id))) {
        return sendError(reply, 404, "task_not_found", "no such task");
      }
      // Its roles go with it; a failure leaves an instance no task refers to, which grants nothing.
      await deleteInstance(ctx.permit, "task", id).catch((err: unknown) =>
        req.log.warn({ err }, "deleting the task instance failed"),
      );
      changed();
      return reply.code(204).send(null);
    },
  );
}
