import type { AuthzCore } from "../../service/context.ts";
import { notFound } from "../../service/errors.ts";
import type { Api } from "../plumbing.ts";
import { ApiKeyScope } from "../schemas.ts";

/** `GET /v2/api-key/scope`: the SDK asks once, then puts project and environment into every path. */
export function scopeRoutes(api: Api, core: AuthzCore): void {
  api.get("/v2/api-key/scope", { schema: { tags: ["scope"], response: { 200: ApiKeyScope } } }, async () => ({
    organization_id: core.scope.organization_id,
    project_id: core.scope.project_id,
    environment_id: core.scope.environment_id,
  }));
}

/**
 * For routes under `/v2/{facts,schema}/{proj_id}/{env_id}`: the segments must name this service's
 * project and environment, by id or by key, as Permit accepts either.
 */
export function checkScopeParams(core: AuthzCore) {
  return async (request: { params: unknown }) => {
    const params = request.params as { proj_id?: string; env_id?: string };
    const { scope } = core;
    if (params.proj_id !== scope.project_id && params.proj_id !== scope.project_key) {
      throw notFound("Project", params.proj_id ?? "");
    }
    if (params.env_id !== scope.environment_id && params.env_id !== scope.environment_key) {
      throw notFound("Environment", params.env_id ?? "");
    }
  };
}
