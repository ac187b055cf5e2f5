import { Type } from "typebox";
import type { AuthzCore } from "../../service/context.ts";
import * as svc from "../../service/roles.ts";
import { type Api, committed } from "../plumbing.ts";
import { roleRead } from "../read-models.ts";
import { FactsParams, PathKey, PermissionList, RoleCreate, RoleRead, RoleUpdate } from "../schemas.ts";
import { ListQuery, listResponse, paginate } from "./lists.ts";

const RoleParams = Type.Object({ ...FactsParams.properties, role_id: PathKey });
const ParentParams = Type.Object({ ...RoleParams.properties, parent_role_id: PathKey });
const tags = ["roles"];

/** Tenant-level roles: `/v2/schema/{p}/{e}/roles`. */
export function roleRoutes(api: Api, core: AuthzCore): void {
  const s = core.scope;

  api.get(
    "/roles",
    {
      schema: {
        tags,
        params: FactsParams,
        querystring: Type.Object(ListQuery),
        response: { 200: listResponse(RoleRead) },
      },
    },
    async (req) =>
      paginate(
        (await svc.listRoles(core)).map((r) => roleRead(s, r)),
        req.query,
      ),
  );
  api.post(
    "/roles",
    { schema: { tags, params: FactsParams, body: RoleCreate, response: { 201: RoleRead } } },
    async (req, reply) => {
      reply.code(201);
      return roleRead(s, committed(reply, await svc.createRole(core, req.body)));
    },
  );
  api.get(
    "/roles/:role_id",
    { schema: { tags, params: RoleParams, response: { 200: RoleRead } } },
    async (req) => roleRead(s, await svc.getRole(core, req.params.role_id)),
  );
  api.patch(
    "/roles/:role_id",
    { schema: { tags, params: RoleParams, body: RoleUpdate, response: { 200: RoleRead } } },
    async (req, reply) =>
      roleRead(s, committed(reply, await svc.updateRole(core, req.params.role_id, req.body))),
  );
  api.delete("/roles/:role_id", { schema: { tags, params: RoleParams } }, async (req, reply) => {
    committed(reply, await svc.deleteRole(core, req.params.role_id));
    return reply.code(204).send();
  });
  api.post(
    "/roles/:role_id/permissions",
    { schema: { tags, params: RoleParams, body: PermissionList, response: { 200: RoleRead } } },
    async (req, reply) =>
      roleRead(
        s,
        committed(reply, await svc.assignPermissions(core, req.params.role_id, req.body.permissions)),
      ),
  );
  api.delete(
    "/roles/:role_id/permissions",
    { schema: { tags, params: RoleParams, body: PermissionList, response: { 200: RoleRead } } },
    async (req, reply) =>
      roleRead(
        s,
        committed(reply, await svc.removePermissions(core, req.params.role_id, req.body.permissions)),
      ),
  );
  api.put(
    "/roles/:role_id/parents/:parent_role_id",
    { schema: { tags, params: ParentParams, response: { 200: RoleRead } } },
    async (req, reply) =>
      roleRead(s, committed(reply, await svc.addParent(core, req.params.role_id, req.params.parent_role_id))),
  );
  api.delete(
    "/roles/:role_id/parents/:parent_role_id",
    { schema: { tags, params: ParentParams, response: { 200: RoleRead } } },
    async (req, reply) =>
      roleRead(
        s,
        committed(reply, await svc.removeParent(core, req.params.role_id, req.params.parent_role_id)),
      ),
  );
}
