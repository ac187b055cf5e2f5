import { Type } from "typebox";
import type { AuthzCore } from "../../service/context.ts";
import * as svc from "../../service/tenants.ts";
import { type Api, committed, pageOf } from "../plumbing.ts";
import { tenantRead } from "../read-models.ts";
import {
  FactsParams,
  Paginated,
  PathKey,
  TenantCreate,
  TenantListQuery,
  TenantRead,
  TenantUpdate,
  TenantUserListQuery,
  UserRead,
} from "../schemas.ts";
import { listResponse } from "./lists.ts";
import { userListQuery, userPageRead } from "./users.ts";

const TenantParams = Type.Object({ ...FactsParams.properties, tenant_id: PathKey });
const TenantUserParams = Type.Object({ ...TenantParams.properties, user_id: PathKey });
const tags = ["tenants"];

/** Tenants: `/v2/facts/{p}/{e}/tenants`. `list` answers a bare array, as the SDK expects. */
export function tenantRoutes(api: Api, core: AuthzCore): void {
  const s = core.scope;

  api.get(
    "/tenants",
    {
      schema: {
        tags,
        params: FactsParams,
        querystring: TenantListQuery,
        response: { 200: listResponse(TenantRead) },
      },
    },
    async (req) => {
      // Permit's default page is 30 tenants, as for its other lists.
      const page = await svc.listTenants(core, { ...pageOf(req.query), search: req.query.search });
      const data = page.data.map((t) => tenantRead(s, t));
      return req.query.include_total_count ? { ...page, data } : data;
    },
  );
  api.post(
    "/tenants",
    { schema: { tags, params: FactsParams, body: TenantCreate, response: { 201: TenantRead } } },
    async (req, reply) => {
      reply.code(201);
      return tenantRead(s, committed(reply, await svc.createTenant(core, req.body)));
    },
  );
  api.get(
    "/tenants/:tenant_id",
    { schema: { tags, params: TenantParams, response: { 200: TenantRead } } },
    async (req) => tenantRead(s, await svc.getTenant(core, req.params.tenant_id)),
  );
  api.patch(
    "/tenants/:tenant_id",
    { schema: { tags, params: TenantParams, body: TenantUpdate, response: { 200: TenantRead } } },
    async (req, reply) =>
      tenantRead(s, committed(reply, await svc.updateTenant(core, req.params.tenant_id, req.body))),
  );
  api.delete("/tenants/:tenant_id", { schema: { tags, params: TenantParams } }, async (req, reply) => {
    committed(reply, await svc.deleteTenant(core, req.params.tenant_id));
    return reply.code(204).send();
  });
  api.get(
    "/tenants/:tenant_id/users",
    {
      schema: {
        tags,
        params: TenantParams,
        querystring: TenantUserListQuery,
        response: { 200: Paginated(UserRead) },
      },
    },
    async (req) => {
      const q = userListQuery(req.query, false);
      const page = await svc.listTenantUsers(core, req.params.tenant_id, q);
      return userPageRead(core, page, req.query.include_resource_instance_roles);
    },
  );
  api.delete(
    "/tenants/:tenant_id/users/:user_id",
    { schema: { tags, params: TenantUserParams } },
    async (req, reply) => {
      committed(reply, await svc.removeUserFromTenant(core, req.params.tenant_id, req.params.user_id));
      return reply.code(204).send();
    },
  );
}
