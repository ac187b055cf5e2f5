/** Stored records → the read models the SDK's types declare (ids, scope ids, timestamps). */
import type { Scope } from "../service/context.ts";
import type {
  ActionRecord,
  AttributeRecord,
  InstanceRoleAssignmentRecord,
  ResourceRecord,
  RoleAssignmentRecord,
  RoleRecord,
  TenantRecord,
  UserRecord,
} from "../storage/records.ts";

export const scopeIds = (s: Scope) => ({
  organization_id: s.organization_id,
  project_id: s.project_id,
  environment_id: s.environment_id,
});

const opt = <T>(v: T | null | undefined): T | undefined => v ?? undefined;

function actionRead(key: string, a: ActionRecord) {
  return { id: a.id, key, name: a.name ?? key, description: a.description, attributes: a.attributes };
}

function attributeRead(key: string, a: AttributeRecord) {
  return { id: a.id, key, type: a.type, description: a.description };
}

/** A resource's roles, relations and action groups, as `ResourceRead` nests them. */
export interface ResourceBlocks {
  roles: Record<string, unknown>;
  relations: Record<string, unknown>;
  action_groups: Record<string, unknown>;
}

export function resourceRead(s: Scope, r: ResourceRecord, blocks?: ResourceBlocks) {
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    urn: opt(r.urn),
    description: opt(r.description),
    actions: Object.fromEntries(Object.entries(r.actions).map(([k, a]) => [k, actionRead(k, a)])),
    attributes: Object.fromEntries(Object.entries(r.attributes).map(([k, a]) => [k, attributeRead(k, a)])),
    roles: blocks?.roles ?? {},
    relations: blocks?.relations ?? {},
    action_groups: blocks?.action_groups ?? {},
    ...scopeIds(s),
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

export function resourceActionRead(s: Scope, r: ResourceRecord, key: string, a: ActionRecord) {
  return {
    ...actionRead(key, a),
    permission_name: `${r.key}:${key}`,
    resource_id: r.id,
    ...scopeIds(s),
    created_at: a.created_at,
    updated_at: a.updated_at,
  };
}

export function resourceAttributeRead(s: Scope, r: ResourceRecord, key: string, a: AttributeRecord) {
  return {
    ...attributeRead(key, a),
    resource_id: r.id,
    resource_key: r.key,
    built_in: false,
    ...scopeIds(s),
    created_at: a.created_at,
    updated_at: a.updated_at,
  };
}

export function roleRead(s: Scope, r: RoleRecord) {
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    description: opt(r.description),
    permissions: r.permissions,
    extends: r.extends,
    attributes: r.attributes,
    ...scopeIds(s),
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

export function tenantRead(s: Scope, t: TenantRecord) {
  return {
    id: t.id,
    key: t.key,
    name: t.name,
    description: opt(t.description),
    attributes: t.attributes,
    // We do not write on the check path to track this; the last change stands in for it.
    last_action_at: t.updated_at,
    ...scopeIds(s),
    created_at: t.created_at,
    updated_at: t.updated_at,
  };
}

/** A user's role assignments: tenant roles, and resource roles on instances. */
export interface UserAssignments {
  tenant: readonly RoleAssignmentRecord[];
  instance: readonly InstanceRoleAssignmentRecord[];
}

/**
 * `roles` lists tenant roles only, as Permit's `UserRole` has no instance. `associated_tenants` has
 * every tenant the user holds a role in, on the tenant or on one of its instances (Permit associates
 * an instance role's holder with the instance's tenant; such a tenant shows `roles: []`
 * [uncertain]). With `withInstanceRoles` (Permit's `include_resource_instance_roles`) each entry
 * also lists `resource_instance_roles`: `{resource_instance: <instance key>, resource: <type>, role}`.
 */
export function userRead(s: Scope, u: UserRecord, assignments: UserAssignments, withInstanceRoles = false) {
  type InstanceRole = { resource_instance: string; resource: string; role: string };
  type Entry = { tenant: string; roles: string[]; status: string; resource_instance_roles?: InstanceRole[] };
  const byTenant = new Map<string, Entry>();
  const entryOf = (tenant: string) => {
    let entry = byTenant.get(tenant);
    if (!entry) {
      entry = {
        tenant,
        roles: [],
        status: "active",
        ...(withInstanceRoles && { resource_instance_roles: [] }),
      };
      byTenant.set(tenant, entry);
    }
    return entry;
  };
  for (const a of assignments.tenant) entryOf(a.tenant).roles.push(a.role);
  for (const a of assignments.instance) {
    const entry = entryOf(a.tenant);
    const at = a.resource_instance.indexOf(":");
    entry.resource_instance_roles?.push({
      resource_instance: a.resource_instance.slice(at + 1),
      resource: a.resource_instance.slice(0, at),
      role: a.role,
    });
  }
  return {
    id: u.id,
    key: u.key,
    email: opt(u.email),
    first_name: opt(u.first_name),
    last_name: opt(u.last_name),
    attributes: u.attributes,
    roles: assignments.tenant.map((a) => ({ role: a.role, tenant: a.tenant })),
    associated_tenants: [...byTenant.values()],
    ...scopeIds(s),
    created_at: u.created_at,
    updated_at: u.updated_at,
  };
}

export interface AssignmentRefs {
  user: Pick<UserRecord, "id" | "key" | "email" | "first_name" | "last_name" | "attributes"> | undefined;
  role: Pick<RoleRecord, "id" | "key" | "name" | "permissions"> | undefined;
  tenant: Pick<TenantRecord, "id" | "key" | "name" | "attributes"> | undefined;
}

export function roleAssignmentRead(
  s: Scope,
  a: RoleAssignmentRecord & { resource_instance?: string | undefined },
  refs: AssignmentRefs,
) {
  return {
    id: a.id,
    user: a.user,
    role: a.role,
    tenant: a.tenant,
    resource_instance: a.resource_instance,
    user_id: refs.user?.id ?? "",
    role_id: refs.role?.id ?? "",
    tenant_id: refs.tenant?.id ?? "",
    ...scopeIds(s),
    created_at: a.created_at,
  };
}

export function roleAssignmentDetailedRead(s: Scope, a: RoleAssignmentRecord, refs: AssignmentRefs) {
  return {
    id: a.id,
    user: {
      id: refs.user?.id ?? "",
      key: a.user,
      email: opt(refs.user?.email),
      first_name: opt(refs.user?.first_name),
      last_name: opt(refs.user?.last_name),
      attributes: refs.user?.attributes ?? {},
    },
    role: {
      id: refs.role?.id ?? "",
      key: a.role,
      name: refs.role?.name ?? a.role,
      permissions: refs.role?.permissions ?? [],
    },
    tenant: {
      id: refs.tenant?.id ?? "",
      key: a.tenant,
      name: refs.tenant?.name ?? a.tenant,
      attributes: refs.tenant?.attributes ?? {},
    },
    ...scopeIds(s),
    created_at: a.created_at,
  };
}
