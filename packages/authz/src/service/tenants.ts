import { DEFAULT_TENANT } from "@tollgate/policy";
import type { Page, TenantRecord, UserRecord } from "../storage/records.ts";
import { deleteUserFromTenant } from "../storage/role-assignments.ts";
import type { Db } from "../storage/store.ts";
import * as tenants from "../storage/tenants.ts";
import { listUsers, type UserQuery } from "../storage/users.ts";
import { cascadeTenant } from "./cascade.ts";
import { commit } from "./commit.ts";
import type { AuthzCore, Committed } from "./context.ts";
import { duplicate, invalidOperation, notFound } from "./errors.ts";
import { newId } from "./ids.ts";
import { mustGetUser } from "./users.ts";

export interface TenantInput {
  key: string;
  name: string;
  description?: string | undefined;
  attributes?: Record<string, unknown> | undefined;
}

export type TenantPatch = Partial<Omit<TenantInput, "key">>;

export async function mustGetTenant(db: Db, key: string): Promise<TenantRecord> {
  const t = await tenants.getTenant(db, key);
  if (t === undefined) throw notFound("Tenant", key);
  return t;
}

/** The default tenant always exists; it is created the first time the service starts. */
export async function ensureDefaultTenant(db: Db, at: string): Promise<void> {
  if (await tenants.getTenant(db, DEFAULT_TENANT)) return;
  await tenants.insertTenantIfAbsent(db, {
    id: newId(),
    key: DEFAULT_TENANT,
    name: "Default Tenant",
    description: null,
    attributes: {},
    created_at: at,
    updated_at: at,
  });
}

export function listTenants(
  core: AuthzCore,
  q: { search?: string | undefined; page: number; perPage: number },
): Promise<Page<TenantRecord>> {
  return tenants.listTenants(core.store, q);
}

export function getTenant(core: AuthzCore, key: string): Promise<TenantRecord> {
  return mustGetTenant(core.store.db, key);
}

export function createTenant(core: AuthzCore, input: TenantInput): Promise<Committed<TenantRecord>> {
  return commit(core, {
    kind: "tenant",
    async run(tx) {
      if (await tenants.getTenant(tx, input.key)) throw duplicate("tenant", input.key);
      const at = core.now();
      const record: TenantRecord = {
        id: newId(),
        key: input.key,
        name: input.name,
        description: input.description ?? null,
        attributes: input.attributes ?? {},
        created_at: at,
        updated_at: at,
      };
      await tenants.insertTenant(tx, record);
      return { value: record, keys: [record.key] };
    },
  });
}

export function updateTenant(
  core: AuthzCore,
  key: string,
  patch: TenantPatch,
): Promise<Committed<TenantRecord>> {
  return commit(core, {
    kind: "tenant",
    async run(tx) {
      const prior = await mustGetTenant(tx, key);
      const record: TenantRecord = {
        ...prior,
        name: patch.name ?? prior.name,
        description: patch.description ?? prior.description,
        attributes: patch.attributes ?? prior.attributes,
        updated_at: core.now(),
      };
      await tenants.updateTenant(tx, record);
      return { value: record, keys: [record.key] };
    },
  });
}

/** Deletes a tenant and every role assignment in it. The default tenant cannot be deleted. */
export function deleteTenant(core: AuthzCore, key: string): Promise<Committed<void>> {
  return commit(core, {
    kind: "tenant",
    async run(tx) {
      const prior = await mustGetTenant(tx, key);
      if (prior.key === DEFAULT_TENANT) throw invalidOperation("the default tenant cannot be deleted");
      await tenants.deleteTenant(tx, prior.key);
      await cascadeTenant(tx, core, prior.key);
      return { value: undefined, keys: [prior.key] };
    },
  });
}

export async function listTenantUsers(
  core: AuthzCore,
  tenantKey: string,
  q: Omit<UserQuery, "tenant">,
): Promise<Page<UserRecord>> {
  const tenant = await mustGetTenant(core.store.db, tenantKey);
  return listUsers(core.store, { ...q, tenant: tenant.key });
}

/** Removes all of a user's roles in a tenant. */
export function removeUserFromTenant(
  core: AuthzCore,
  tenantKey: string,
  userKey: string,
): Promise<Committed<void>> {
  return commit(core, {
    kind: "role_assignment",
    async run(tx) {
      const tenant = await mustGetTenant(tx, tenantKey);
      const user = await mustGetUser(tx, userKey);
      const removed = await deleteUserFromTenant(tx, user.key, tenant.key);
      if (removed === 0) throw notFound("TenantUser", `${user.key} in ${tenant.key}`);
      return { value: undefined, keys: [user.key] };
    },
  });
}
