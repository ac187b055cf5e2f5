import { findCycle } from "@tollgate/policy";
import type { RoleRecord } from "../storage/records.ts";
import * as resources from "../storage/resources.ts";
import { deleteAssignmentsOfRole } from "../storage/role-assignments.ts";
import * as roles from "../storage/roles.ts";
import type { Db } from "../storage/store.ts";
import { cascadeRole } from "./cascade.ts";
import { commit } from "./commit.ts";
import type { AuthzCore, Committed } from "./context.ts";
import { duplicate, invalidOperation, notFound } from "./errors.ts";
import { newId } from "./ids.ts";

export interface RoleInput {
  key: string;
  name: string;
  description?: string | undefined;
  permissions?: string[] | undefined;
  extends?: string[] | undefined;
  attributes?: Record<string, unknown> | undefined;
}

export type RolePatch = Partial<Omit<RoleInput, "key">>;

export async function mustGetRole(db: Db, key: string): Promise<RoleRecord> {
  const r = await roles.getRole(db, key);
  if (r === undefined) throw notFound("Role", key);
  return r;
}

/**
 * Resolves permissions given as `resource:action` or as an action's id to `resource:action`,
 * rejecting any that do not name an existing action (Permit answers 404 for those).
 */
async function resolvePermissions(db: Db, permissions: readonly string[]): Promise<string[]> {
  const all = await resources.listResources(db);
  const byName = new Set<string>();
  const byId = new Map<string, string>();
  for (const r of all) {
    for (const [key, a] of Object.entries(r.actions)) {
      byName.add(`${r.key}:${key}`);
      byId.set(a.id, `${r.key}:${key}`);
    }
  }
  const out: string[] = [];
  for (const p of permissions) {
    const resolved = byName.has(p) ? p : byId.get(p);
    if (resolved === undefined) throw notFound("Permission", p);
    if (!out.includes(resolved)) out.push(resolved);
  }
  return out;
}

/** Checks that parents exist and that the hierarchy stays acyclic once `role` has `parents`. */
async function checkHierarchy(db: Db, role: string, parents: readonly string[]): Promise<string[]> {
  const all = await roles.listRoles(db);
  const known = new Set(all.map((r) => r.key));
  const unique = [...new Set(parents)];
  for (const parent of unique) if (!known.has(parent) && parent !== role) throw notFound("Role", parent);
  const graph = new Map<string, readonly string[]>(all.map((r) => [r.key, r.extends]));
  graph.set(role, unique);
  const cycle = findCycle(graph);
  if (cycle)
    throw invalidOperation(`this change would create a cycle in the role hierarchy: ${cycle.join(" -> ")}`);
  return unique;
}

export function listRoles(core: AuthzCore): Promise<RoleRecord[]> {
  return roles.listRoles(core.store.db);
}

export function getRole(core: AuthzCore, key: string): Promise<RoleRecord> {
  return mustGetRole(core.store.db, key);
}

export function createRole(core: AuthzCore, input: RoleInput): Promise<Committed<RoleRecord>> {
  return commit(core, {
    kind: "role",
    async run(tx) {
      if (await roles.getRole(tx, input.key)) throw duplicate("role", input.key);
      const at = core.now();
      const record: RoleRecord = {
        id: newId(),
        key: input.key,
        name: input.name,
        description: input.description ?? null,
        permissions: await resolvePermissions(tx, input.permissions ?? []),
        extends: await checkHierarchy(tx, input.key, input.extends ?? []),
        attributes: input.attributes ?? {},
        created_at: at,
        updated_at: at,
      };
      await roles.insertRole(tx, record);
      return { value: record, keys: [record.key] };
    },
  });
}

/**
 * One edit of a role: read it in the write's transaction, let `change` compute the new fields (or
 * nothing, for a no-op), write it. Every role edit below is one of these.
 */
function editRole(
  core: AuthzCore,
  key: string,
  change: (prior: RoleRecord, tx: Db) => Promise<Partial<RoleRecord> | undefined>,
): Promise<Committed<RoleRecord>> {
  return commit(core, {
    kind: "role",
    async run(tx) {
      const prior = await mustGetRole(tx, key);
      const patch = await change(prior, tx);
      if (patch === undefined) return { value: prior, keys: [prior.key] };
      const record: RoleRecord = { ...prior, ...patch, updated_at: core.now() };
      await roles.updateRole(tx, record);
      return { value: record, keys: [record.key] };
    },
  });
}

export function updateRole(core: AuthzCore, key: string, patch: RolePatch): Promise<Committed<RoleRecord>> {
  return editRole(core, key, async (prior, tx) => ({
    name: patch.name ?? prior.name,
    description: patch.description ?? prior.description,
    permissions: patch.permissions ? await resolvePermissions(tx, patch.permissions) : prior.permissions,
    extends: patch.extends ? await checkHierarchy(tx, prior.key, patch.extends) : prior.extends,
    attributes: patch.attributes ?? prior.attributes,
  }));
}

/** Deletes a role, its assignments, and every `extends` edge to it. */
export function deleteRole(core: AuthzCore, key: string): Promise<Committed<void>> {
  return commit(core, {
    kind: "role",
    async run(tx) {
      const prior = await mustGetRole(tx, key);
      for (const other of await roles.listRoles(tx)) {
        if (other.extends.includes(prior.key)) {
          await roles.updateRole(tx, { ...other, extends: other.extends.filter((r) => r !== prior.key) });
        }
      }
      await deleteAssignmentsOfRole(tx, prior.key);
      await roles.deleteRole(tx, prior.key);
      await cascadeRole(tx, core, prior.key);
      return { value: undefined, keys: [prior.key] };
    },
  });
}

/** Adds permissions; ones the role already has are skipped. */
export function assignPermissions(
  core: AuthzCore,
  key: string,
  permissions: string[],
): Promise<Committed<RoleRecord>> {
  return editRole(core, key, async (prior, tx) => {
    const added = (await resolvePermissions(tx, permissions)).filter((p) => !prior.permissions.includes(p));
    return { permissions: [...prior.permissions, ...added] };
  });
}

/** Removes permissions; ones the role does not have are skipped. */
export function removePermissions(
  core: AuthzCore,
  key: string,
  permissions: string[],
): Promise<Committed<RoleRecord>> {
  return editRole(core, key, async (prior, tx) => {
    const drop = new Set(permissions);
    // Also accept action ids: map them to `resource:action` where they resolve.
    for (const r of await resources.listResources(tx)) {
      for (const [k, a] of Object.entries(r.actions)) if (drop.has(a.id)) drop.add(`${r.key}:${k}`);
    }
    return { permissions: prior.permissions.filter((p) => !drop.has(p)) };
  });
}

/** `PUT roles/{role}/parents/{parent}`: the role now extends the parent. 400 on a cycle. */
export function addParent(core: AuthzCore, key: string, parent: string): Promise<Committed<RoleRecord>> {
  return editRole(core, key, async (prior, tx) => {
    const parentRole = await mustGetRole(tx, parent);
    if (prior.extends.includes(parentRole.key)) return undefined;
    return { extends: await checkHierarchy(tx, prior.key, [...prior.extends, parentRole.key]) };
  });
}

export function removeParent(core: AuthzCore, key: string, parent: string): Promise<Committed<RoleRecord>> {
  return editRole(core, key, async (prior, tx) => {
    const parentRole = await mustGetRole(tx, parent);
    return { extends: prior.extends.filter((r) => r !== parentRole.key) };
  });
}
