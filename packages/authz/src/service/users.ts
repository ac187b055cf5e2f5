import { DEFAULT_TENANT } from "@tollgate/policy";
import { findInstanceAssignment, insertInstanceAssignment } from "../storage/instance-assignments.ts";
import type { Page, UserRecord } from "../storage/records.ts";
import * as assignments from "../storage/role-assignments.ts";
import { getRole } from "../storage/roles.ts";
import type { Db } from "../storage/store.ts";
import { getTenant } from "../storage/tenants.ts";
import * as users from "../storage/users.ts";
import { cascadeUser } from "./cascade.ts";
import { commit } from "./commit.ts";
import type { AuthzCore, Committed } from "./context.ts";
import { duplicate, invalidOperation, notFound } from "./errors.ts";
import { newId } from "./ids.ts";
import { mustGetInstance, typeKey } from "./instances.ts";
import { mustGetResourceRole } from "./rebac-schema.ts";

export interface UserInput {
  key: string;
  email?: string | undefined;
  first_name?: string | undefined;
  last_name?: string | undefined;
  attributes?: Record<string, unknown> | undefined;
  /** Roles to grant with the user, in the same write (Permit's `role_assignments` on create/sync). */
  role_assignments?:
    | { role: string; tenant?: string | undefined; resource_instance?: string | undefined }[]
    | undefined;
}

export type UserPatch = Partial<Omit<UserInput, "key" | "role_assignments">>;

export async function mustGetUser(db: Db, key: string): Promise<UserRecord> {
  const u = await users.getUser(db, key);
  if (u === undefined) throw notFound("User", key);
  return u;
}

function newUser(input: UserInput, at: string): UserRecord {
  return {
    id: newId(),
    key: input.key,
    email: input.email ?? null,
    first_name: input.first_name ?? null,
    last_name: input.last_name ?? null,
    attributes: input.attributes ?? {},
    created_at: at,
    updated_at: at,
  };
}

/** Fields given overwrite the stored ones; fields left out are kept. */
function patched(prior: UserRecord, patch: UserPatch, at: string): UserRecord {
  return {
    ...prior,
    email: patch.email ?? prior.email,
    first_name: patch.first_name ?? prior.first_name,
    last_name: patch.last_name ?? prior.last_name,
    attributes: patch.attributes ?? prior.attributes,
    updated_at: at,
  };
}

/** Grants `role_assignments` given with a user; every role and tenant must exist. */
async function grantInitialRoles(tx: Db, user: string, wanted: UserInput["role_assignments"], at: string) {
  for (const a of wanted ?? []) {
    if (a.resource_instance !== undefined) {
      await grantInitialInstanceRole(tx, user, { ...a, resource_instance: a.resource_instance }, at);
      continue;
    }
    const tenant = a.tenant ?? DEFAULT_TENANT;
    if (!(await getRole(tx, a.role))) throw notFound("Role", a.role);
    if (!(await getTenant(tx, tenant))) throw notFound("Tenant", tenant);
    await assignments.insertAssignment(tx, { id: newId(), user, role: a.role, tenant, created_at: at });
  }
}

/**
 * A resource role on an existing instance, given with the user (the instance is not created here:
 * 404 when it is missing). The `user` change that follows reloads both kinds of assignment.
 */
async function grantInitialInstanceRole(
  tx: Db,
  user: string,
  a: { role: string; tenant?: string | undefined; resource_instance: string },
  at: string,
) {
  const instance = await mustGetInstance(tx, a.resource_instance);
  const role = await mustGetResourceRole(tx, instance.resource, a.role);
  if (a.tenant !== undefined && a.tenant !== instance.tenant)
    throw invalidOperation(`'${typeKey(instance)}' is in tenant '${instance.tenant}', not '${a.tenant}'`);
  const ident = { user, role: role.key, resource_instance: typeKey(instance) };
  if (await findInstanceAssignment(tx, ident)) return;
  await insertInstanceAssignment(tx, { id: newId(), ...ident, tenant: instance.tenant, created_at: at });
}

export function listUsers(core: AuthzCore, q: users.UserQuery): Promise<Page<UserRecord>> {
  return users.listUsers(core.store, q);
}

export function getUser(core: AuthzCore, key: string): Promise<UserRecord> {
  return mustGetUser(core.store.db, key);
}

export function createUser(core: AuthzCore, input: UserInput): Promise<Committed<UserRecord>> {
  return commit(core, {
    kind: "user",
    async run(tx) {
      if (await users.getUser(tx, input.key)) throw duplicate("user", input.key);
      const record = newUser(input, core.now());
      await users.insertUser(tx, record);
      await grantInitialRoles(tx, record.key, input.role_assignments, record.created_at);
      return { value: record, keys: [record.key] };
    },
  });
}

/** `PUT users/{key}`: creates the user (`created: true`) or updates the fields given. */
export function syncUser(
  core: AuthzCore,
  key: string,
  input: Omit<UserInput, "key">,
): Promise<Committed<{ user: UserRecord; created: boolean }>> {
  return commit(core, {
    kind: "user",
    async run(tx) {
      const at = core.now();
      const prior = await users.getUser(tx, key);
      const record = prior ? patched(prior, input, at) : newUser({ ...input, key }, at);
      if (prior) await users.updateUser(tx, record);
      else await users.insertUser(tx, record);
      await grantInitialRoles(tx, record.key, input.role_assignments, at);
      return { value: { user: record, created: !prior }, keys: [record.key] };
    },
  });
}

export function updateUser(core: AuthzCore, key: string, patch: UserPatch): Promise<Committed<UserRecord>> {
  return commit(core, {
    kind: "user",
    async run(tx) {
      const record = patched(await mustGetUser(tx, key), patch, core.now());
      await users.updateUser(tx, record);
      return { value: record, keys: [record.key] };
    },
  });
}

export function deleteUser(core: AuthzCore, key: string): Promise<Committed<void>> {
  return commit(core, {
    kind: "user",
    async run(tx) {
      const prior = await mustGetUser(tx, key);
      await users.deleteUsers(tx, [prior.key]);
      await cascadeUser(tx, prior.key);
      return { value: undefined, keys: [prior.key] };
    },
  });
}

/** Bulk create: all or nothing; any existing key rejects the whole batch with 409. */
export function bulkCreateUsers(
  core: AuthzCore,
  inputs: UserInput[],
): Promise<Committed<{ created: number }>> {
  return commit(core, {
    kind: "user",
    async run(tx) {
      const keys = inputs.map((u) => u.key);
      const existing = await users.getUsersByKey(tx, keys);
      if (existing.length > 0) throw duplicate("user", existing[0]!.key);
      const seen = new Set<string>();
      const at = core.now();
      for (const input of inputs) {
        if (seen.has(input.key)) throw duplicate("user", input.key);
        seen.add(input.key);
        await users.insertUser(tx, newUser(input, at));
        await grantInitialRoles(tx, input.key, input.role_assignments, at);
      }
      return { value: { created: inputs.length }, keys };
    },
  });
}

/** Bulk replace: creates missing users and overwrites existing ones. */
export function bulkReplaceUsers(
  core: AuthzCore,
  inputs: UserInput[],
): Promise<Committed<{ created: number; updated: number }>> {
  return commit(core, {
    kind: "user",
    async run(tx) {
      const at = core.now();
      const existing = new Map(
        (
          await users.getUsersByKey(
            tx,
            inputs.map((u) => u.key),
          )
        ).map((u) => [u.key, u]),
      );
      let created = 0;
      let updated = 0;
      for (const input of inputs) {
        const prior = existing.get(input.key);
        if (prior) {
          const record = { ...newUser(input, at), id: prior.id, created_at: prior.created_at };
          await users.updateUser(tx, record);
          existing.set(input.key, record);
          updated++;
        } else {
          const record = newUser(input, at);
          await users.insertUser(tx, record);
          existing.set(input.key, record);
          created++;
        }
        await grantInitialRoles(tx, input.key, input.role_assignments, at);
      }
      return { value: { created, updated }, keys: inputs.map((u) => u.key) };
    },
  });
}

/** Bulk delete: deletes the users that exist; keys that do not are ignored. */
export function bulkDeleteUsers(core: AuthzCore, keys: string[]): Promise<Committed<{ deleted: number }>> {
  return commit(core, {
    kind: "user",
    async run(tx) {
      const existing = (await users.getUsersByKey(tx, keys)).map((u) => u.key);
      await users.deleteUsers(tx, existing);
      for (const key of existing) await cascadeUser(tx, key);
      return { value: { deleted: existing.length }, keys: existing };
    },
  });
}
