import type {
  ConditionSetDef,
  PolicyEngine,
  RelationDef,
  ResourceInstanceDef,
  ResourceRoleDef,
  RoleDef,
  SetRuleDef,
} from "@tollgate/policy";
import { instanceAssignmentsOfUsers, streamInstanceAssignments } from "../storage/instance-assignments.ts";
import { getInstancesByTypeKey, streamInstances } from "../storage/instances.ts";
import type {
  ChangeRecord,
  ResourceInstanceRecord,
  ResourceRecord,
  RoleAssignmentRecord,
  RoleRecord,
  TenantRecord,
  UserRecord,
} from "../storage/records.ts";
import { getResource, listResources } from "../storage/resources.ts";
import { assignmentsOfUsers, streamAssignments } from "../storage/role-assignments.ts";
import { listRoles } from "../storage/roles.ts";
import { listSchemaObjects } from "../storage/schema-objects.ts";
import type { Db } from "../storage/store.ts";
import { allTenants, getTenant } from "../storage/tenants.ts";
import { findTuple, parseTupleChangeKey, streamTuples } from "../storage/tuples.ts";
import { getUsersByKey, streamUsers } from "../storage/users.ts";

export function instanceDef(r: ResourceInstanceRecord): ResourceInstanceDef {
  return { resource: r.resource, key: r.key, tenant: r.tenant, attributes: r.attributes };
}

/** Resource roles and relations: few, so any change to them reloads them all. */
async function reloadRebacSchema(engine: PolicyEngine, db: Db): Promise<void> {
  const relations = await listSchemaObjects<RelationDef>(db, "relation");
  const roles = await listSchemaObjects<ResourceRoleDef>(db, "resource_role");
  const keepRelations = new Set(relations.map((r) => `${r.scope}#${r.key}`));
  const keepRoles = new Set(roles.map((r) => `${r.scope}#${r.key}`));
  for (const resource of engine.resourceKeys()) {
    for (const rel of engine.rebac.relationsOf(resource))
      if (!keepRelations.has(`${resource}#${rel.key}`)) engine.removeRelation(resource, rel.key);
    for (const role of engine.rebac.rolesOf(resource))
      if (!keepRoles.has(`${resource}#${role.key}`)) engine.removeResourceRole(resource, role.key);
  }
  for (const r of relations) engine.upsertRelation(r.body);
  for (const r of roles) engine.upsertResourceRole(r.body);
}

/** Condition sets and set rules: few, reloaded whole. */
async function reloadAbacSchema(engine: PolicyEngine, db: Db): Promise<void> {
  const sets = await listSchemaObjects<ConditionSetDef>(db, "condition_set");
  const keep = new Set(sets.map((s) => s.key));
  for (const key of engine.abac.setKeys()) if (!keep.has(key)) engine.removeConditionSet(key);
  for (const s of sets) {
    // Stored sets were validated on write; one that no longer compiles is skipped, not fatal.
    try {
      engine.upsertConditionSet(s.body);
    } catch {
      engine.removeConditionSet(s.key);
    }
  }
  engine.abac.replaceRules((await listSchemaObjects<SetRuleDef>(db, "set_rule")).map((r) => r.body));
}

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
    case "rebac_schema":
      await reloadRebacSchema(engine, db);
      return;
    case "abac_schema":
      await reloadAbacSchema(engine, db);
      return;
    case "resource_instance": {
      const found = new Map(
        (await getInstancesByTypeKey(db, change.keys)).map((r) => [`${r.resource}:${r.key}`, r]),
      );
      for (const id of change.keys) {
        const r = found.get(id);
        const at = id.indexOf(":");
        if (r) engine.upsertInstance(instanceDef(r));
        else engine.removeInstance(id.slice(0, at), id.slice(at + 1));
      }
      return;
    }
    case "relationship_tuple": {
      for (const key of change.keys) {
        const t = parseTupleChangeKey(key);
        if (await findTuple(db, t)) engine.addTuple(t);
        else engine.removeTuple(t);
      }
      return;
    }
    case "user":
    case "role_assignment": {
      const users = new Map((await getUsersByKey(db, change.keys)).map((u) => [u.key, u]));
      const assignments = new Map<string, (RoleAssignmentRecord & { resource_instance?: string })[]>();
      const all: (RoleAssignmentRecord & { resource_instance?: string })[] = [
        ...(await assignmentsOfUsers(db, change.keys)),
        ...(await instanceAssignmentsOfUsers(db, change.keys)),
      ];
      for (const a of all) {
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
  await reloadRebacSchema(engine, db);
  await reloadAbacSchema(engine, db);
  for await (const batch of streamInstances(db, 50_000))
    for (const r of batch) engine.upsertInstance(instanceDef(r));
  for await (const batch of streamTuples(db, 100_000)) for (const t of batch) engine.addTuple(t);
  for await (const batch of streamInstanceAssignments(db, 50_000)) {
    for (const a of batch) engine.assign(a);
    assignments += batch.length;
    onProgress?.({ users, assignments });
  }
}
