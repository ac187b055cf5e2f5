import { randomUUID } from "node:crypto";
import { fastifyGuards } from "@tollgate/cognito-permit";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import type { AppContext } from "./context.ts";
import { sendError } from "./http.ts";

const Id = Type.Object({
  id: Type.String({ pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$" }),
});
const Title = Type.String({ minLength: 1, maxLength: 200, pattern: "\\S" });

/** Tasks: every route asks Permit first (`task:get|create|update|check|delete`); a denied action changes nothing. */
export function taskRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { requirePermission } = fastifyGuards({
    verifier: ctx.verifier,
    permit: ctx.permit,
    decisionTimeoutMs: ctx.config.decisionTimeoutMs,
    sessions: ctx.sessions,
  });
  const changed = () => ctx.hub.notifyAll("tasks");

  app.get("/api/tasks", { preHandler: requirePermission("get", "task") }, async () => ({
    tasks: await ctx.store.list(),
  }));

  app.get(
    "/api/tasks/:id",
    { schema: { params: Id }, preHandler: requirePermission("get", "task") },
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
      };
      await ctx.store.insert(task);
      changed();
      return reply.code(201).send(task);
    },
  );

  app.patch(
    "/api/tasks/:id",
    {
      schema: { params: Id, body: Type.Object({ title: Title }, { additionalProperties: false }) },
      preHandler: requirePermission("update", "task"),
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
      preHandler: requirePermission("check", "task"),
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
    { schema: { params: Id }, preHandler: requirePermission("delete", "task") },
    async (req, reply) => {
      if (!(await ctx.store.delete((req.params as { id: string }).id))) {
        return sendError(reply, 404, "task_not_found", "no such task");
      }
      changed();
      return reply.code(204).send();
    },
  );
}
