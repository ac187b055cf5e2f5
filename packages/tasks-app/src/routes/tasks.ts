import { randomUUID } from "node:crypto";
import { fastifyGuards } from "@tollgate/cognito-permit";
import { ErrorResponses, NewTask, Task, TaskCheck, TaskId, TaskList, TaskRename } from "@tollgate/contracts";
import { Type } from "typebox";
import type { TasksApi } from "./api.ts";
import type { AppContext } from "./context.ts";
import { sendError } from "./http.ts";

/** Tasks: every route asks Permit first (`task:get|create|update|check|delete`); a denied action changes nothing. */
export function taskRoutes(app: TasksApi, ctx: AppContext): void {
  const { requirePermission } = fastifyGuards({
    verifier: ctx.verifier,
    permit: ctx.permit,
    decisionTimeoutMs: ctx.config.decisionTimeoutMs,
    sessions: ctx.sessions,
  });
  const changed = () => ctx.hub.notifyAll("tasks");
  const tags = ["tasks"];

  app.get(
    "/api/tasks",
    {
      schema: { tags, response: { 200: TaskList, ...ErrorResponses } },
      preHandler: requirePermission("get", "task"),
    },
    async () => ({ tasks: await ctx.store.list() }),
  );

  app.get(
    "/api/tasks/:id",
    {
      schema: { tags, params: TaskId, response: { 200: Task, ...ErrorResponses } },
      preHandler: requirePermission("get", "task"),
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
      };
      await ctx.store.insert(task);
      changed();
      return reply.code(201).send(task);
    },
  );

  app.patch(
    "/api/tasks/:id",
    {
      schema: { tags, params: TaskId, body: TaskRename, response: { 200: Task, ...ErrorResponses } },
      preHandler: requirePermission("update", "task"),
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
      preHandler: requirePermission("check", "task"),
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
      preHandler: requirePermission("delete", "task"),
    },
    async (req, reply) => {
      if (!(await ctx.store.delete(req.params.id))) {
        return sendError(reply, 404, "task_not_found", "no such task");
      }
      changed();
      return reply.code(204).send(null);
    },
  );
}
