import type { PolicyEngine, RoleDef } from "@tollgate/policy";
import type {
  ChangeRecord,
  ResourceRecord,
  RoleAssignmentRecord,
  RoleRecord,
  TenantRecord,
  UserRecord,
} from "../storage/records.ts";
import { getResource, listResources } from "../storage/resources.ts";
import { assignmentsOfUsers, streamAssignments } from "../storage/role-assignments.ts";
import { listRoles } from "../storage/roles.ts";
import type { Db } from "../storage/store.ts";
import { allTenants, getTenant } from "../storage/tenants.ts";
import { getUsersByKey, streamUsers } from "../storage/users.ts";

export function resourceDef(r: ResourceRecord) {
  return {
    key: r.key,
    name: r.name,
    actions: Object.fromEntries(Object.entries(r.actions).map(([k, a]) => [k, { name: a.name }])),
  };
}

export function roleDef(r: RoleRecord): RoleDef {
  return { key: r.key, name: r.name, permissions: r.permissions, extends: r.extends };
}

export function tenantDef(t: TenantRecord) {
  return { key: t.key, name: t.name, attributes: t.attributes };
}

export function userDef(u: UserRecord) {
  return {
    key: u.key,
    email: u.email ?? undefined,
    first_name: u.first_name ?? undefined,
    last_name: u.last_name ?? undefined,
    attributes: u.attributes,
  };
}

/**
 * Brings the engine in line with storage for what one change touched, by re-reading it. Reading
 * the current rows (rather than replaying a diff) makes applying idempotent and order-insensitive,
 * which is what lets the writer and every replica use the same function.
 */
export async function applyChange(engine: PolicyEngine, db: Db, change: Pick<ChangeRecord, "kind" | "keys">) {
  switch (change.kind) {
    case "resource": {
      for (const key of change.keys) {
        const r = await getResource(db, key);
        if (r) engine.upsertResource(resourceDef(r));
        else engine.removeResource(key);
      }
      // Deleting a resource or an action also edits roles' permissions.
      await reloadRoles(engine, db);
      return;
    }
    case "role":
      await reloadRoles(engine, db);
      return;
    case "tenant": {
      for (const key of change.keys) {
        const t = await getTenant(db, key);
        if (t) engine.upsertTenant(tenantDef(t));
        else engine.removeTenant(key);
      }
      return;
    }
    case "user":
    case "role_assignment": {
      const users = new Map((await getUsersByKey(db, change.keys)).map((u) => [u.key, u]));
      const assignments = new Map<string, RoleAssignmentRecord[]>();
      for (const a of await assignmentsOfUsers(db, change.keys)) {
        const list = assignments.get(a.user);
        if (list) list.push(a);
        else assignments.set(a.user, [a]);
      }
      for (const key of change.keys) {
        const u = users.get(key);
        if (u === undefined) {
          engine.removeUser(key);
          continue;
        }
        engine.upsertUser(userDef(u));
        engine.replaceAssignments(key, assignments.get(key) ?? []);
      }
      return;
    }
  }
}

async function reloadRoles(engine: PolicyEngine, db: Db): Promise<void> {
  const roles = await listRoles(db);
  const keep = new Set(roles.map((r) => r.key));
  for (const key of engine.roleKeys()) if (!keep.has(key)) engine.removeRole(key);
  engine.upsertRoles(roles.map(roleDef));
}

/** Loads everything in storage into a fresh engine, streaming users and assignments in batches. */
export async function loadSnapshot(
  engine: PolicyEngine,
  db: Db,
  onProgress?: (p: { users: number; assignments: number }) => void,
): Promise<void> {
  for (const r of await listResources(db)) engine.upsertResource(resourceDef(r));
  engine.upsertRoles((await listRoles(db)).map(roleDef));
  for (const t of await allTenants(db)) engine.upsertTenant(tenantDef(t));
  let users = 0;
  let assignments = 0;
  for await (const batch of streamUsers(db, 20_000)) {
    for (const u of batch) engine.upsertUser(userDef(u));
    users += batch.length;
    onProgress?.({ users, assignments });
  }
  for await (const batch of streamAssignments(db, 50_000)) {
    for (const a of batch) engine.assign(a);
    assignments += batch.length;
    onProgress?.({ users, assignments });
  }
}
