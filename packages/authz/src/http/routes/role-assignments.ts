import { Type } from "typebox";
import type { AuthzCore } from "../../service/context.ts";
import * as svc from "../../service/role-assignments.ts";
import type { RoleAssignmentRecord } from "../../storage/records.ts";
import { listRoles } from "../../storage/roles.ts";
import { allTenants } from "../../storage/tenants.ts";
import { getUsersByKey } from "../../storage/users.ts";
import { type Api, committed } from "../plumbing.ts";
import { type AssignmentRefs, roleAssignmentDetailedRead, roleAssignmentRead } from "../read-models.ts";
import {
  FactsParams,
  PageQuery,
  Paginated,
  RoleAssignmentCreate,
  RoleAssignmentDetailedRead,
  RoleAssignmentList,
  RoleAssignmentRead,
} from "../schemas.ts";

const tags = ["role assignments"];

/** Loads the users, roles and tenants a page of assignments refers to, in three queries. */
async function loadRefs(core: AuthzCore, records: RoleAssignmentRecord[]) {
  const db = core.store.db;
  const users = new Map(
    (await getUsersByKey(db, [...new Set(records.map((a) => a.user))])).map((u) => [u.key, u]),
  );
  const roles = new Map((await listRoles(db)).map((r) => [r.key, r]));
  const tenantKeys = new Set(records.map((a) => a.tenant));
  const tenants = new Map((await allTenants(db)).filter((t) => tenantKeys.has(t.key)).map((t) => [t.key, t]));
  return (a: RoleAssignmentRecord): AssignmentRefs => ({
    user: users.get(a.user),
    role: roles.get(a.role),
    tenant: tenants.get(a.tenant),
  });
}

/** Role assignments: `/v2/facts/{p}/{e}/role_assignments`; DELETE takes a JSON body, bulk takes bare arrays. */
export function roleAssignmentRoutes(api: Api, core: AuthzCore): void {
  const Item = Type.Union([RoleAssignmentRead, RoleAssignmentDetailedRead]);
  api.get(
    "/role_assignments",
    {
      schema: {
        tags,
        params: FactsParams,
        querystring: Type.Object({
          ...PageQuery,
          user: Type.Optional(Type.String({ maxLength: 256 })),
          role: Type.Optional(Type.String({ maxLength: 256 })),
          tenant: Type.Optional(Type.String({ maxLength: 256 })),
          resource_instance: Type.Optional(Type.String({ maxLength: 512 })),
          detailed: Type.Optional(Type.Boolean()),
          include_total_count: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Type.Union([Type.Array(Item), Paginated(Item)]) },
      },
    },
    async (req) => {
      const q = req.query;
      const perPage = q.per_page ?? 100;
      const page = await svc.listAssignments(core, {
        user: q.user,
        role: q.role,
        tenant: q.tenant,
        resourceInstance: q.resource_instance,
        page: q.page ?? 1,
        perPage,
      });
      const refs = await loadRefs(core, page.data);
      const data = q.detailed
        ? page.data.map((a) => roleAssignmentDetailedRead(core.scope, a, refs(a)))
        : page.data.map((a) => roleAssignmentRead(core.scope, a, refs(a)));
      return q.include_total_count ? { ...page, data } : data;
    },
  );
  api.post(
    "/role_assignments",
    {
      schema: {
        tags,
        params: FactsParams,
        body: RoleAssignmentCreate,
        response: { 201: RoleAssignmentRead },
      },
    },
    async (req, reply) => {
      const record = committed(reply, await svc.assignRole(core, req.body));
      reply.code(201);
      return roleAssignmentRead(core.scope, record, (await loadRefs(core, [record]))(record));
    },
  );
  api.delete(
    "/role_assignments",
    { schema: { tags, params: FactsParams, body: RoleAssignmentCreate } },
    async (req, reply) => {
      committed(reply, await svc.unassignRole(core, req.body));
      return reply.code(204).send();
    },
  );
  api.post(
    "/role_assignments/bulk",
    { schema: { tags, params: FactsParams, body: RoleAssignmentList } },
    async (req, reply) => committed(reply, await svc.bulkAssign(core, req.body)),
  );
  api.delete(
    "/role_assignments/bulk",
    { schema: { tags, params: FactsParams, body: RoleAssignmentList } },
    async (req, reply) => committed(reply, await svc.bulkUnassign(core, req.body)),
  );
}
