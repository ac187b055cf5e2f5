import { Type } from "typebox";
import type { AuthzCore, Scope } from "../../service/context.ts";
import type { ResourceRoleBody, ResourceRoleRecord } from "../../service/rebac-schema.ts";
import type { AssignmentRecord } from "../../service/role-assignments.ts";
import * as svc from "../../service/role-assignments.ts";
import { instancesByTypeKeys } from "../../storage/instances.ts";
import { listRoles } from "../../storage/roles.ts";
import { listSchemaObjects } from "../../storage/schema-objects.ts";
import { allTenants } from "../../storage/tenants.ts";
import { getUsersByKey } from "../../storage/users.ts";
import { assignmentInstance } from "../detailed-read-models.ts";
import { AssignmentDetailedItem, AssignmentListItem } from "../model-schemas.ts";
import { type Api, committed } from "../plumbing.ts";
import { type AssignmentRefs, roleAssignmentDetailedRead, roleAssignmentRead } from "../read-models.ts";
import { FactsParams, PageQuery, Paginated, RoleAssignmentCreate, RoleAssignmentList } from "../schemas.ts";

const tags = ["role assignments"];

/**
 * Loads the users, roles, tenants and instances a page of assignments refers to, a few queries in
 * all. An instance assignment's role is a resource role of the instance's type.
 */
async function loadRefs(core: AuthzCore, records: AssignmentRecord[]) {
  const db = core.store.db;
  const users = new Map(
    (await getUsersByKey(db, [...new Set(records.map((a) => a.user))])).map((u) => [u.key, u]),
  );
  const roles = new Map((await listRoles(db)).map((r) => [r.key, r]));
  const tenantKeys = new Set(records.map((a) => a.tenant));
  const tenants = new Map((await allTenants(db)).filter((t) => tenantKeys.has(t.key)).map((t) => [t.key, t]));
  const onInstances = records.flatMap((a) => (a.resource_instance ? [a.resource_instance] : []));
  const instances = await instancesByTypeKeys(db, onInstances);
  const resourceRoles =
    onInstances.length === 0
      ? new Map<string, ResourceRoleRecord>()
      : new Map(
          (await listSchemaObjects<ResourceRoleBody>(db, "resource_role")).map((r) => [
            `${r.scope}#${r.key}`,
            r,
          ]),
        );
  const roleOf = (a: AssignmentRecord): AssignmentRefs["role"] => {
    if (!a.resource_instance) return roles.get(a.role);
    const r = resourceRoles.get(
      `${a.resource_instance.slice(0, a.resource_instance.indexOf(":"))}#${a.role}`,
    );
    return r && { id: r.id, key: r.key, name: r.body.name, permissions: r.body.permissions ?? [] };
  };
  return (a: AssignmentRecord) => ({
    user: users.get(a.user),
    role: roleOf(a),
    tenant: tenants.get(a.tenant),
    instance: a.resource_instance ? instances.get(a.resource_instance) : undefined,
  });
}

function listItem(s: Scope, a: AssignmentRecord, refs: Awaited<ReturnType<typeof loadRefs>>) {
  const r = refs(a);
  return { ...roleAssignmentRead(s, a, r), resource_instance_id: r.instance?.id };
}

function detailedItem(s: Scope, a: AssignmentRecord, refs: Awaited<ReturnType<typeof loadRefs>>) {
  const r = refs(a);
  return {
    ...roleAssignmentDetailedRead(s, a, r),
    resource_instance: r.instance ? assignmentInstance(r.instance) : undefined,
  };
}

/**
 * Permit's filters take several values, repeated in the query: `?user=a&user=b`; each a key or an
 * id. `resource` is a type's key or id, `resource_instance` `type:key` or an instance id.
 */
const Many = Type.Optional(Type.Array(Type.String({ maxLength: 256 }), { maxItems: 100 }));
const ListQuery = {
  user: Many,
  role: Many,
  tenant: Many,
  resource: Type.Optional(Type.String({ maxLength: 256 })),
  resource_instance: Type.Optional(Type.String({ maxLength: 512 })),
  page: PageQuery.page,
  /** Permit allows up to 1000 role assignments a page, 30 unless asked (the SDK always asks 100). */
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 30 })),
};

/** Role assignments: `/v2/facts/{p}/{e}/role_assignments`; DELETE takes a JSON body, bulk takes bare arrays. */
export function roleAssignmentRoutes(api: Api, core: AuthzCore): void {
  const Item = Type.Union([AssignmentDetailedItem, AssignmentListItem]);
  const listPage = (q: {
    user?: string[] | undefined;
    role?: string[] | undefined;
    tenant?: string[] | undefined;
    resource?: string | undefined;
    resource_instance?: string | undefined;
    page?: number | undefined;
    per_page?: number | undefined;
  }) =>
    svc.listAssignments(core, {
      user: q.user,
      role: q.role,
      tenant: q.tenant,
      resource: q.resource,
      resourceInstance: q.resource_instance,
      page: q.page ?? 1,
      perPage: q.per_page ?? 30,
    });
  api.get(
    "/role_assignments",
    {
      schema: {
        tags,
        params: FactsParams,
        querystring: Type.Object({
          ...ListQuery,
          detailed: Type.Optional(Type.Boolean()),
          include_total_count: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Type.Union([Type.Array(Item), Paginated(Item)]) },
      },
    },
    async (req) => {
      const q = req.query;
      const page = await listPage(q);
      const refs = await loadRefs(core, page.data);
      const item = q.detailed ? detailedItem : listItem;
      const data = page.data.map((a) => item(core.scope, a, refs));
      return q.include_total_count ? { ...page, data } : data;
    },
  );
  api.get(
    "/role_assignments/detailed",
    {
      schema: {
        tags,
        params: FactsParams,
        querystring: Type.Object(ListQuery),
        response: { 200: Paginated(AssignmentDetailedItem) },
      },
    },
    async (req) => {
      const page = await listPage(req.query);
      const refs = await loadRefs(core, page.data);
      return { ...page, data: page.data.map((a) => detailedItem(core.scope, a, refs)) };
    },
  );
  api.post(
    "/role_assignments",
    {
      schema: {
        tags,
        params: FactsParams,
        body: RoleAssignmentCreate,
        response: { 201: AssignmentListItem },
      },
    },
    async (req, reply) => {
      const record = committed(reply, await svc.assignRole(core, req.body));
      reply.code(201);
      return listItem(core.scope, record, await loadRefs(core, [record]));
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
