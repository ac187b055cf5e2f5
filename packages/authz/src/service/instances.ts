/** Resource instances: `type:key` objects in one tenant, with attributes. */
import { DEFAULT_TENANT } from "@tollgate/policy";
import { appendChange } from "../storage/changes.ts";
import { deleteInstanceAssignmentsWhere } from "../storage/instance-assignments.ts";
import * as instances from "../storage/instances.ts";
import type { ResourceInstanceRecord } from "../storage/records.ts";
import type { Db } from "../storage/store.ts";
import { deleteTuplesTouching } from "../storage/tuples.ts";
import { commit } from "./commit.ts";
import type { AuthzCore, Committed } from "./context.ts";
import { notFound, validationError } from "./errors.ts";
import { newId } from "./ids.ts";
import { mustGetResource } from "./resources.ts";
import { mustGetTenant } from "./tenants.ts";

export interface InstanceInput {
  key: string;
  resource: string;
  tenant?: string | undefined;
  attributes?: Record<string, unknown> | undefined;
}

export async function mustGetInstance(db: Db, id: string): Promise<ResourceInstanceRecord> {
  const r = await instances.getInstance(db, id);
  if (r === undefined) throw notFound("ResourceInstance", id);
  return r;
}

export function typeKey(r: { resource: string; key: string }): string {
  return `${r.resource}:${r.key}`;
}

/**
 * Finds an instance, or creates it in `tenant` when one is given (what tuples and instance role
 * assignments do for instances that do not exist yet). Returns whether it was created.
 */
export async function findOrCreateInstance(
  tx: Db,
  core: AuthzCore,
  id: string,
  tenant: string | undefined,
): Promise<{ record: ResourceInstanceRecord; created: boolean }> {
  const existing = await instances.getInstance(tx, id);
  if (existing) return { record: existing, created: false };
  const at = id.indexOf(":");
  if (tenant === undefined || at <= 0) throw notFound("ResourceInstance", id);
  const record = await insertNew(tx, core, { resource: id.slice(0, at), key: id.slice(at + 1), tenant });
  return { record, created: true };
}

async function insertNew(tx: Db, core: AuthzCore, input: InstanceInput): Promise<ResourceInstanceRecord> {
  if (input.key.includes(":")) throw validationError(`instance key '${input.key}' must not contain ':'`);
  const resource = await mustGetResource(tx, input.resource);
  const tenant = await mustGetTenant(tx, input.tenant ?? DEFAULT_TENANT);
  const at = core.now();
  const record: ResourceInstanceRecord = {
    id: newId(),
    resource: resource.key,
    key: input.key,
    tenant: tenant.key,
    attributes: input.attributes ?? {},
    created_at: at,
    updated_at: at,
  };
  await instances.insertInstance(tx, record);
  return record;
}

export function listInstances(core: AuthzCore, q: instances.InstanceQuery) {
  return instances.listInstances(core.store, q);
}

export function getInstance(core: AuthzCore, id: string) {
  return mustGetInstance(core.store.db, id);
}

/**
 * Idempotent: creating an instance that exists returns it unchanged (the second body's attributes
 * are not applied), flagged so the route can answer 200 rather than 201.
 */
export function createInstance(
  core: AuthzCore,
  input: InstanceInput,
): Promise<Committed<{ record: ResourceInstanceRecord; created: boolean }>> {
  return commit<{ record: ResourceInstanceRecord; created: boolean }>(core, {
    kind: "resource_instance",
    async run(tx) {
      const existing = await instances.getInstance(tx, `${input.resource}:${input.key}`);
      if (existing) return { value: { record: existing, created: false }, keys: [] };
      const record = await insertNew(tx, core, input);
      return { value: { record, created: true }, keys: [typeKey(record)] };
    },
  });
}

/** Only attributes change; the tenant of an instance is fixed. */
export function updateInstance(
  core: AuthzCore,
  id: string,
  patch: { attributes?: Record<string, unknown> | undefined },
): Promise<Committed<ResourceInstanceRecord>> {
  return commit(core, {
    kind: "resource_instance",
    async run(tx) {
      const r = await mustGetInstance(tx, id);
      const updated = { ...r, attributes: patch.attributes ?? r.attributes, updated_at: core.now() };
      await instances.updateInstanceAttributes(tx, r.id, updated.attributes, updated.updated_at);
      return { value: updated, keys: [typeKey(r)] };
    },
  });
}

export function deleteInstance(core: AuthzCore, id: string): Promise<Committed<void>> {
  return commit(core, {
    kind: "resource_instance",
    async run(tx) {
      const r = await mustGetInstance(tx, id);
      await removeInstanceRows(tx, core, [{ id: r.id, typeKey: typeKey(r) }]);
      return { value: undefined, keys: [typeKey(r)] };
    },
  });
}

/**
 * Deletes instances with their tuples and role assignments, logging the tuple and assignment
 * changes; the caller logs the instances themselves.
 */
export async function removeInstanceRows(
  tx: Db,
  core: AuthzCore,
  rows: readonly { id: string; typeKey: string }[],
): Promise<void> {
  const tupleKeys: string[] = [];
  const users = new Set<string>();
  for (const row of rows) {
    tupleKeys.push(...(await deleteTuplesTouching(tx, row.typeKey)));
    for (const u of await deleteInstanceAssignmentsWhere(tx, { resourceInstance: row.typeKey })) users.add(u);
    await instances.deleteInstanceRow(tx, row.id);
  }
  const at = core.now();
  if (tupleKeys.length > 0) await appendChange(tx, core.store.dialect, "relationship_tuple", tupleKeys, at);
  if (users.size > 0) await appendChange(tx, core.store.dialect, "role_assignment", [...users], at);
}
