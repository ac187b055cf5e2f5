import { DEFAULT_TENANT } from "@tollgate/policy";
import { appendChange } from "../storage/changes.ts";
import { keysOfIds, resourceRolesOfIds } from "../storage/ids-to-keys.ts";
import * as instanceAssignments from "../storage/instance-assignments.ts";
import * as instances from "../storage/instances.ts";
import type { Page, RoleAssignmentRecord } from "../storage/records.ts";
import { getResource } from "../storage/resources.ts";
import * as assignments from "../storage/role-assignments.ts";
import type { Db } from "../storage/store.ts";
import { getTenant } from "../storage/tenants.ts";
import { commit } from "./commit.ts";
import type { AuthzCore, Committed } from "./context.ts";
import { invalidOperation, notFound } from "./errors.ts";
import { newId } from "./ids.ts";
import { findOrCreateInstance, typeKey } from "./instances.ts";
import { mustGetResourceRole } from "./rebac-schema.ts";
import { mustGetRole } from "./roles.ts";
import { mustGetTenant } from "./tenants.ts";
import { mustGetUser } from "./users.ts";

export interface AssignmentInput {
  user: string;
  role: string;
  tenant?: string | undefined;
  resource_instance?: string | undefined;
}

/** A tenant role assignment, or (with `resource_instance`) a resource role on an instance. */
export type AssignmentRecord = RoleAssignmentRecord & { resource_instance?: string | undefined };

type Resolved =
  | { user: string; role: string; tenant: string; resource_instance?: undefined }
  | { user: string; role: string; tenant: string; resource_instance: string };

/**
 * Resolves keys-or-ids to keys and checks that everything named exists (404 otherwise). For an
 * instance assignment the role is a resource role of the instance's type; a missing instance is
 * created when a tenant is given; a tenant that is not the instance's is a 400.
 */
async function resolve(
  tx: Db,
  core: AuthzCore,
  input: AssignmentInput,
  created: string[],
): Promise<Resolved> {
  const user = await mustGetUser(tx, input.user);
  if (input.resource_instance !== undefined) {
    const tenantKey = input.tenant === undefined ? undefined : (await mustGetTenant(tx, input.tenant)).key;
    const found = await findOrCreateInstance(tx, core, input.resource_instance, tenantKey);
    if (found.created) created.push(typeKey(found.record));
    const instance = found.record;
    const role = await mustGetResourceRole(tx, instance.resource, input.role);
    if (tenantKey !== undefined && tenantKey !== instance.tenant) {
      throw invalidOperation(`'${typeKey(instance)}' is in tenant '${instance.tenant}', not '${tenantKey}'`);
    }
    return { user: user.key, role: role.key, tenant: instance.tenant, resource_instance: typeKey(instance) };
  }
  const role = await mustGetRole(tx, input.role);
  const tenant = await mustGetTenant(tx, input.tenant ?? DEFAULT_TENANT);
  return { user: user.key, role: role.key, tenant: tenant.key };
}

async function find(tx: Db, a: Resolved): Promise<AssignmentRecord | undefined> {
  if (a.resource_instance === undefined) return assignments.findAssignment(tx, a);
  return instanceAssignments.findInstanceAssignment(tx, { ...a, resource_instance: a.resource_instance });
}

async function insert(tx: Db, a: Resolved, at: string): Promise<AssignmentRecord> {
  if (a.resource_instance === undefined) {
    const record: RoleAssignmentRecord = { id: newId(), ...a, created_at: at };
    await assignments.insertAssignment(tx, record);
    return record;
  }
  const record = { id: newId(), ...a, resource_instance: a.resource_instance, created_at: at };
  await instanceAssignments.insertInstanceAssignment(tx, record);
  return record;
}

async function remove(tx: Db, a: Resolved): Promise<number> {
  if (a.resource_instance === undefined) return assignments.deleteAssignment(tx, a);
  const found = await find(tx, a);
  if (found === undefined) return 0;
  await instanceAssignments.deleteInstanceAssignmentRow(tx, found.id);
  return 1;
}

async function logCreated(tx: Db, core: AuthzCore, created: readonly string[]): Promise<void> {
  if (created.length > 0)
    await appendChange(tx, core.store.dialect, "resource_instance", created, core.now());
}

/** The filters of a role assignment list, as Permit takes them: keys or ids. */
export interface AssignmentFilter {
  user?: readonly string[] | undefined;
  role?: readonly string[] | undefined;
  tenant?: readonly string[] | undefined;
  /** A resource type, by key or id. */
  resource?: string | undefined;
  /** `type:key` or the instance's id. */
  resourceInstance?: string | undefined;
  page: number;
  perPage: number;
}

/** Each value as a key, plus the key of the object whose id it is. */
const withKeysOfIds = async (db: Db, table: "users" | "tenants", values: readonly string[] | undefined) =>
  values?.length ? [...values, ...(await keysOfIds(db, table, values))] : undefined;

/**
 * Tenant assignments first, then instance assignments, paged as one list. `user`, `role` and
 * `tenant` take keys or ids (a role id names a tenant role, or a resource role on its type only);
 * `resource` a type's key or id. With `resource_instance` only that instance's assignments, and
 * with tenants too, only when the instance is in the last of them, as Permit documents.
 */
export async function listAssignments(
  core: AuthzCore,
  filter: AssignmentFilter,
): Promise<Page<AssignmentRecord>> {
  const db = core.store.db;
  const roles = filter.role?.length ? filter.role : undefined;
  const [user, tenant, tenantRoleKeys, roleOnResource, resource] = await Promise.all([
    withKeysOfIds(db, "users", filter.user),
    withKeysOfIds(db, "tenants", filter.tenant),
    roles ? keysOfIds(db, "roles", roles) : [],
    roles ? resourceRolesOfIds(db, roles) : [],
    filter.resource === undefined ? undefined : getResource(db, filter.resource),
  ]);
  const q = {
    user,
    tenant,
    role: roles,
    roleOnResource,
    resource: filter.resource === undefined ? undefined : (resource?.key ?? filter.resource),
    page: filter.page,
    perPage: filter.perPage,
  };
  if (filter.resourceInstance !== undefined) {
    const instance = await instances.getInstance(db, filter.resourceInstance);
    if (instance === undefined) return { data: [], total_count: 0, page_count: 0 };
    const last = filter.tenant?.at(-1);
    const lastTenant = last === undefined ? undefined : await getTenant(db, last);
    if (last !== undefined && lastTenant?.key !== instance.tenant)
      return { data: [], total_count: 0, page_count: 0 };
    const got = await instanceAssignments.listInstanceAssignments(db, {
      ...q,
      tenant: undefined,
      resourceInstance: typeKey(instance),
    });
    return { data: got.data, total_count: got.total, page_count: Math.ceil(got.total / q.perPage) };
  }
  if (q.resource !== undefined) {
    // A resource-type filter leaves only instance assignments.
    const got = await instanceAssignments.listInstanceAssignments(db, q);
    return { data: got.data, total_count: got.total, page_count: Math.ceil(got.total / q.perPage) };
  }
  const tenantPage: Page<AssignmentRecord> = await assignments.listAssignments(db, {
    ...q,
    role: roles && [...roles, ...tenantRoleKeys],
  });
  // The instance assignments follow the tenant ones: this page shows them from `skip` on.
  const skip = Math.max(0, (q.page - 1) * q.perPage - tenantPage.total_count);
  const room = q.perPage - tenantPage.data.length;
  const rest = await instanceAssignments.listInstanceAssignments(db, {
    ...q,
    offset: skip,
    perPage: Math.max(room, 1),
  });
  const data = room > 0 ? [...tenantPage.data, ...rest.data] : tenantPage.data;
  const total = tenantPage.total_count + rest.total;
  return { data, total_count: total, page_count: Math.ceil(total / q.perPage) };
}

/**
 * Assigning a role the user already holds returns the existing assignment rather than 409, so
 * login-time syncs can assign unconditionally. [uncertain: Permit's answer here is undocumented.]
 */
export function assignRole(core: AuthzCore, input: AssignmentInput): Promise<Committed<AssignmentRecord>> {
  return commit(core, {
    kind: "role_assignment",
    async run(tx) {
      const created: string[] = [];
      const a = await resolve(tx, core, input, created);
      await logCreated(tx, core, created);
      const existing = await find(tx, a);
      if (existing) return { value: existing, keys: [a.user] };
      return { value: await insert(tx, a, core.now()), keys: [a.user] };
    },
  });
}

/** 404 when the assignment does not exist, as Permit answers. */
export function unassignRole(core: AuthzCore, input: AssignmentInput): Promise<Committed<void>> {
  return commit(core, {
    kind: "role_assignment",
    async run(tx) {
      const a = await resolve(
        tx,
        core,
        { ...input, tenant: input.resource_instance ? undefined : input.tenant },
        [],
      );
      if ((await remove(tx, a)) === 0) {
        throw notFound("RoleAssignment", `${a.user}/${a.role}/${a.resource_instance ?? a.tenant}`);
      }
      return { value: undefined, keys: [a.user] };
    },
  });
}

/** All or nothing: an unknown user, role or tenant rejects the whole batch. */
export function bulkAssign(
  core: AuthzCore,
  inputs: AssignmentInput[],
): Promise<Committed<{ assignments_created: number }>> {
  return commit(core, {
    kind: "role_assignment",
    async run(tx) {
      let count = 0;
      const users = new Set<string>();
      const created: string[] = [];
      for (const input of inputs) {
        const a = await resolve(tx, core, input, created);
        users.add(a.user);
        if (await find(tx, a)) continue;
        await insert(tx, a, core.now());
        count++;
      }
      await logCreated(tx, core, created);
      return { value: { assignments_created: count }, keys: [...users] };
    },
  });
}

/** Removes what exists; assignments that do not exist are skipped. */
export function bulkUnassign(
  core: AuthzCore,
  inputs: AssignmentInput[],
): Promise<Committed<{ assignments_removed: number }>> {
  return commit(core, {
    kind: "role_assignment",
    async run(tx) {
      let removed = 0;
      const users = new Set<string>();
      for (const input of inputs) {
        const a = await resolve(
          tx,
          core,
          { ...input, tenant: input.resource_instance ? undefined : input.tenant },
          [],
        );
        users.add(a.user);
        removed += await remove(tx, a);
      }
      return { value: { assignments_removed: removed }, keys: [...users] };
    },
  });
}
