import { Type } from "typebox";
import type { AuthzCore } from "../../service/context.ts";
import * as svc from "../../service/tenants.ts";
import { type Api, committed, pageOf } from "../plumbing.ts";
import { tenantRead } from "../read-models.ts";
import {
  FactsParams,
  PageQuery,
  Paginated,
  PathKey,
  TenantCreate,
  TenantRead,
  TenantUpdate,
  UserRead,
} from "../schemas.ts";
import { UserListQuery, userListQuery, userPageRead } from "./users.ts";

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
        querystring: Type.Object({ ...PageQuery, search: Type.Optional(Type.String({ maxLength: 256 })) }),
        response: { 200: Type.Array(TenantRead) },
      },
    },
    async (req) => {
      const page = await svc.listTenants(core, { ...pageOf(req.query, 100), search: req.query.search });
      return page.data.map((t) => tenantRead(s, t));
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
        querystring: UserListQuery,
        response: { 200: Paginated(UserRead) },
      },
    },
    async (req) => {
      const page = await svc.listTenantUsers(core, req.params.tenant_id, userListQuery(req.query));
      return userPageRead(core, page);
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
