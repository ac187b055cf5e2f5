import { Type } from "typebox";
import type { AuthzCore } from "../../service/context.ts";
import { invalidOperation, notFound } from "../../service/errors.ts";
import type { Api } from "../plumbing.ts";
import { Description, Name, PageQuery, PathKey } from "../schemas.ts";

const tags = ["projects and environments"];
const ProjectParams = Type.Object({ proj_id: PathKey });
const EnvParams = Type.Object({ proj_id: PathKey, env_id: PathKey });
const Stamp = { created_at: Type.String(), updated_at: Type.String() };
const ProjectRead = Type.Object({
  key: Type.String(),
  id: Type.String(),
  organization_id: Type.String(),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  settings: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  ...Stamp,
});
const EnvironmentRead = Type.Object({
  key: Type.String(),
  id: Type.String(),
  organization_id: Type.String(),
  project_id: Type.String(),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  custom_branch_name: Type.Optional(Type.String()),
  ...Stamp,
});
const EnvironmentStats = Type.Object({
  ...EnvironmentRead.properties,
  pdp_configs: Type.Array(Type.Unknown()),
  stats: Type.Object({
    roles: Type.Integer(),
    users: Type.Integer(),
    policies: Type.Integer(),
    resources: Type.Integer(),
    tenants: Type.Integer(),
    has_decision_logs: Type.Boolean(),
    members: Type.Array(Type.Unknown()),
  }),
});

/**
 * Project and environment reads an environment key may make, answered from the service's single
 * project and environment. The environment can be renamed; it cannot be deleted from itself.
 */
export function projectRoutes(api: Api, core: AuthzCore): void {
  const s = core.scope;
  const started = core.now();
  const env = {
    name: "Production",
    description: undefined as string | undefined,
    custom_branch_name: undefined as string | undefined,
    updated_at: started,
  };
  const project = () => ({
    key: s.project_key,
    id: s.project_id,
    organization_id: s.organization_id,
    name: "Default",
    settings: {},
    created_at: started,
    updated_at: started,
  });
  const environment = () => ({
    key: s.environment_key,
    id: s.environment_id,
    organization_id: s.organization_id,
    project_id: s.project_id,
    name: env.name,
    description: env.description,
    custom_branch_name: env.custom_branch_name,
    created_at: started,
    updated_at: env.updated_at,
  });
  const mustProject = (p: string) => {
    if (p !== s.project_id && p !== s.project_key) throw notFound("Project", p);
  };
  const mustEnv = (p: string, e: string) => {
    mustProject(p);
    if (e !== s.environment_id && e !== s.environment_key) throw notFound("Environment", e);
  };

  api.get(
    "/v2/projects",
    { schema: { tags, querystring: Type.Object(PageQuery), response: { 200: Type.Array(ProjectRead) } } },
    async (req) => ((req.query.page ?? 1) === 1 ? [project()] : []),
  );
  api.get(
    "/v2/projects/:proj_id",
    { schema: { tags, params: ProjectParams, response: { 200: ProjectRead } } },
    async (req) => {
      mustProject(req.params.proj_id);
      return project();
    },
  );
  api.get(
    "/v2/projects/:proj_id/envs",
    {
      schema: {
        tags,
        params: ProjectParams,
        querystring: Type.Object(PageQuery),
        response: { 200: Type.Array(EnvironmentRead) },
      },
    },
    async (req) => {
      mustProject(req.params.proj_id);
      return (req.query.page ?? 1) === 1 ? [environment()] : [];
    },
  );
  api.get(
    "/v2/projects/:proj_id/envs/:env_id",
    { schema: { tags, params: EnvParams, response: { 200: EnvironmentRead } } },
    async (req) => {
      mustEnv(req.params.proj_id, req.params.env_id);
      return environment();
    },
  );
  api.get(
    "/v2/projects/:proj_id/envs/:env_id/stats",
    { schema: { tags, params: EnvParams, response: { 200: EnvironmentStats } } },
    async (req) => {
      mustEnv(req.params.proj_id, req.params.env_id);
      const st = core.engine.stats();
      return {
        ...environment(),
        pdp_configs: [],
        stats: {
          roles: st.roles,
          users: st.users,
          policies: st.setRules,
          resources: st.resources,
          tenants: st.tenants,
          has_decision_logs: false,
          members: [],
        },
      };
    },
  );
  api.patch(
    "/v2/projects/:proj_id/envs/:env_id",
    {
      schema: {
        tags,
        params: EnvParams,
        body: Type.Object({
          name: Type.Optional(Name),
          description: Type.Optional(Description),
          custom_branch_name: Type.Optional(Type.String({ maxLength: 256 })),
          jwks: Type.Optional(Type.Unknown()),
        }),
        response: { 200: EnvironmentRead },
      },
    },
    async (req) => {
      mustEnv(req.params.proj_id, req.params.env_id);
      // Kept in memory: the environment's name is display only and not part of the policy.
      env.name = req.body.name ?? env.name;
      env.description = req.body.description ?? env.description;
      env.custom_branch_name = req.body.custom_branch_name ?? env.custom_branch_name;
      env.updated_at = core.now();
      return environment();
    },
  );
  api.delete("/v2/projects/:proj_id/envs/:env_id", { schema: { tags, params: EnvParams } }, async (req) => {
    mustEnv(req.params.proj_id, req.params.env_id);
    throw invalidOperation("the service's own environment cannot be deleted");
  });
  api.get(
    "/v2/api-key/:proj_id/:env_id",
    {
      schema: {
        tags,
        params: EnvParams,
        response: {
          200: Type.Object({
            organization_id: Type.String(),
            project_id: Type.String(),
            environment_id: Type.String(),
            object_type: Type.String(),
            owner_type: Type.String(),
            id: Type.String(),
            created_at: Type.String(),
          }),
        },
      },
    },
    async (req) => {
      mustEnv(req.params.proj_id, req.params.env_id);
      // Only digests of keys are kept, so the secret itself is never returned.
      return {
        organization_id: s.organization_id,
        project_id: s.project_id,
        environment_id: s.environment_id,
        object_type: "env",
        owner_type: "pdp",
        id: s.environment_id,
        created_at: started,
      };
    },
  );
}
