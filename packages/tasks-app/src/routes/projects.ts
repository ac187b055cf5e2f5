import { randomUUID } from "node:crypto";
import { AdminGetUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import {
  createOwnedInstance,
  decide,
  fastifyGuards,
  permittedObjects,
  share,
  unshare,
  whoHasAccess,
} from "@tollgate/cognito-permit";
import {
  ErrorResponses,
  NewMember,
  NewProject,
  Project,
  ProjectList,
  ProjectMemberList,
  ShareParams,
  Task,
  TaskConfidentialChange,
  TaskId,
  TaskProjectChange,
} from "@tollgate/contracts";
import { Type } from "typebox";
import { TASK_TENANT, taskResource } from "../fine-grained/task-access.ts";
import type { TasksApi } from "./api.ts";
import type { AppContext } from "./context.ts";
import { authenticate, sendCognitoError, sendError, viaPermit } from "./http.ts";

const projectResource = (id: string) => ({ type: "project", key: id, tenant: TASK_TENANT });

/**
 * Projects, one relation deep: a task's project is the tuple `project:<p> parent task:<t>`, so the
 * project's `member`s are `viewer`s and its `maintainer`s `editor`s of its tasks (derivations in
 * policy/tutorial.json). Adding someone to a project grants its tasks at once. Also: filing a task
 * into a project and marking it confidential, both for whoever may share the task.
 */
export function projectRoutes(app: TasksApi, ctx: AppContext): void {
  const { requirePermission } = fastifyGuards({
    verifier: ctx.verifier,
    permit: ctx.permit,
    decisionTimeoutMs: ctx.config.decisionTimeoutMs,
    sessions: ctx.sessions,
  });
  const onProject = (action: string) =>
    requirePermission(action, (req) => projectResource((req.params as { id: string }).id));
  const onTask = (action: string) =>
    requirePermission(action, (req) => taskResource((req.params as { id: string }).id));

  const tags = ["projects"];
  const members = async (id: string) =>
    Promise.all(
      (await whoHasAccess(ctx.permit, projectResource(id))).map(async (m) => ({
        sub: m.user,
        role: m.role,
        name: (await ctx.store.displayName(m.user)) ?? null,
      })),
    );

  /** The projects this user may see (tenant-wide `project:get`, or a role on the project). */
  app.get(
    "/api/projects",
    { schema: { tags, response: { 200: ProjectList, ...ErrorResponses } } },
    async (req, reply) => {
      const claims = await authenticate(ctx, req, reply);
      if (!claims) return reply;
      return viaPermit(reply, async () => {
        const allowed = await permittedObjects(ctx.permit, claims.sub, "project", { tenant: TASK_TENANT });
        const projects = (await ctx.store.projects())
          .filter((p) => allowed.can(p.id, "get"))
          .map((p) => ({ ...p, allowed: allowed.actionsOn(p.id) }));
        return { projects };
      });
    },
  );

  app.post(
    "/api/projects",
    {
      schema: { tags, body: NewProject, response: { 201: Project, ...ErrorResponses } },
      preHandler: requirePermission("create", "project"),
    },
    async (req, reply) => {
      const project = {
        id: randomUUID(),
        name: req.body.name.trim(),
        created_by: req.cognito!.sub,
        created_at: new Date().toISOString(),
      };
      const done = await viaPermit(reply, () =>
        createOwnedInstance(ctx.permit, {
          type: "project",
          key: project.id,
          owner: project.created_by,
          role: "maintainer",
          tenant: TASK_TENANT,
        }),
      );
      if (done !== undefined) return done;
      await ctx.store.insertProject(project);
      return reply.code(201).send(project);
    },
  );

  app.get(
    "/api/projects/:id/members",
    {
      schema: { tags, params: TaskId, response: { 200: ProjectMemberList, ...ErrorResponses } },
      preHandler: onProject("get"),
    },
    async (req, reply) => {
      const { id } = req.params;
      if (!(await ctx.store.project(id)))
        return sendError(reply, 404, "project_not_found", "no such project");
      return viaPermit(reply, async () => ({ members: await members(id) }));
    },
  );

  app.post(
    "/api/projects/:id/members",
    {
      schema: {
        tags,
        params: TaskId,
        body: NewMember,
        response: { 201: ProjectMemberList, ...ErrorResponses },
      },
      preHandler: onProject("manage"),
    },
    async (req, reply) => {
      const { id } = req.params;
      const body = req.body;
      if (!(await ctx.store.project(id)))
        return sendError(reply, 404, "project_not_found", "no such project");
      let sub: string;
      let email: string | undefined;
      try {
        const user = await ctx.cognito.send(
          new AdminGetUserCommand({ UserPoolId: ctx.config.cognito.userPoolId, Username: body.user }),
        );
        const attrs = Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
        sub = attrs.sub ?? body.user;
        email = attrs.email;
      } catch (err) {
        return sendCognitoError(reply, err);
      }
      return viaPermit(reply, async () => {
        await ctx.permit.api.users.get(sub).catch(async (err: unknown) => {
          if ((err as { response?: { status?: number } })?.response?.status !== 404) throw err;
          await ctx.permit.api.users.sync({ key: sub, ...(email && { email }) });
        });
        await share(ctx.permit, projectResource(id), { user: sub, role: body.role });
        return reply.code(201).send({ members: await members(id) });
      });
    },
  );

  app.delete(
    "/api/projects/:id/members/:sub",
    {
      schema: { tags, params: ShareParams, response: { 204: Type.Null(), ...ErrorResponses } },
      preHandler: onProject("manage"),
    },
    async (req, reply) => {
      const { id, sub } = req.params;
      if (!(await ctx.store.project(id)))
        return sendError(reply, 404, "project_not_found", "no such project");
      return viaPermit(reply, async () => {
        if ((await unshare(ctx.permit, projectResource(id), sub)) === 0) {
          return sendError(reply, 404, "member_not_found", "that person is not a member of this project");
        }
        return reply.code(204).send(null);
      });
    },
  );

  /** Files a task into a project (or takes it out with `null`): the owner's or an admin's call. */
  app.put(
    "/api/tasks/:id/project",
    {
      schema: { tags, params: TaskId, body: TaskProjectChange, response: { 200: Task, ...ErrorResponses } },
      preHandler: onTask("share"),
    },
    async (req, reply) => {
      const { id } = req.params;
      const { project } = req.body;
      const task = await ctx.store.get(id);
      if (!task) return sendError(reply, 404, "task_not_found", "no such task");
      if (project !== null) {
        if (!(await ctx.store.project(project)))
          return sendError(reply, 404, "project_not_found", "no such project");
        const decision = await decide(
          ctx.permit,
          req.cognito!.sub,
          "get",
          projectResource(project),
          ctx.config.decisionTimeoutMs,
        );
        if (decision === "unavailable")
          return sendError(
            reply,
            503,
            "authorization_unavailable",
            "the authorization service gave no usable answer",
          );
        if (decision === "deny")
          return sendError(reply, 403, "forbidden", "you may only file tasks into projects you belong to");
      }
      const done = await viaPermit(reply, async () => {
        const object = `task:${id}`;
        if (task.project_id && task.project_id !== project) {
          await ctx.permit.api.relationshipTuples
            .delete({ subject: `project:${task.project_id}`, relation: "parent", object })
            .catch((err: unknown) => {
              if ((err as { response?: { status?: number } })?.response?.status !== 404) throw err;
            });
        }
        if (project !== null && task.project_id !== project) {
          await ctx.permit.api.relationshipTuples.create({
            subject: `project:${project}`,
            relation: "parent",
            object,
            tenant: TASK_TENANT,
          });
        }
      });
      if (done !== undefined) return done;
      const saved = await ctx.store.update(id, { project_id: project }, new Date().toISOString());
      ctx.hub.notifyAll("tasks");
      return saved;
    },
  );

  /** Marks a task confidential (only high clearance sees it) or not; stored on the instance too. */
  app.put(
    "/api/tasks/:id/confidential",
    {
      schema: {
        tags,
        params: TaskId,
        body: TaskConfidentialChange,
        response: { 200: Task, ...ErrorResponses },
      },
      preHandler: onTask("share"),
    },
    async (req, reply) => {
      const { id } = req.params;
      const { confidential } = req.body;
      if (!(await ctx.store.get(id))) return sendError(reply, 404, "task_not_found", "no such task");
      const done = await viaPermit(reply, async () => {
        await ctx.permit.api.resourceInstances.update(`task:${id}`, { attributes: { confidential } });
      });
      if (done !== undefined) return done;
      const saved = await ctx.store.update(id, { confidential }, new Date().toISOString());
      ctx.hub.notifyAll("tasks");
      return saved;
    },
  );
}
