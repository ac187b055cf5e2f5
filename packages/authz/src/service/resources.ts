import type { ActionRecord, AttributeRecord, ResourceRecord } from "../storage/records.ts";
import * as resources from "../storage/resources.ts";
import * as roles from "../storage/roles.ts";
import type { Db } from "../storage/store.ts";
import { cascadeResource } from "./cascade.ts";
import { commit } from "./commit.ts";
import type { AuthzCore, Committed } from "./context.ts";
import { duplicate, notFound } from "./errors.ts";
import { newId } from "./ids.ts";

export interface ActionInput {
  name?: string | undefined;
  description?: string | undefined;
  attributes?: Record<string, unknown> | undefined;
}

export interface AttributeInput {
  type: string;
  description?: string | undefined;
}

export interface ResourceInput {
  key: string;
  name: string;
  description?: string | undefined;
  urn?: string | undefined;
  actions: Record<string, ActionInput>;
  attributes?: Record<string, AttributeInput> | undefined;
}

export type ResourcePatch = Partial<Omit<ResourceInput, "key">>;

/**
 * A map entry only if the map itself holds it: action and attribute keys come from callers, and
 * `actions["constructor"]` or `actions["__proto__"]` would otherwise find Object.prototype's members.
 */
function own<T>(map: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

function actionRecords(
  input: Record<string, ActionInput>,
  existing: Record<string, ActionRecord>,
  at: string,
): Record<string, ActionRecord> {
  // No prototype: assigning `out["__proto__"]` must add a key, not replace the prototype.
  const out: Record<string, ActionRecord> = Object.create(null);
  for (const [key, a] of Object.entries(input)) {
    const prior = own(existing, key);
    out[key] = {
      id: prior?.id ?? newId(),
      name: a.name ?? prior?.name ?? key,
      description: a.description ?? prior?.description,
      attributes: a.attributes ?? prior?.attributes,
      created_at: prior?.created_at ?? at,
      updated_at: at,
    };
  }
  return out;
}

function attributeRecords(
  input: Record<string, AttributeInput>,
  existing: Record<string, AttributeRecord>,
  at: string,
): Record<string, AttributeRecord> {
  const out: Record<string, AttributeRecord> = Object.create(null);
  for (const [key, a] of Object.entries(input)) {
    const prior = own(existing, key);
    out[key] = {
      id: prior?.id ?? newId(),
      type: a.type,
      description: a.description ?? prior?.description,
      created_at: prior?.created_at ?? at,
      updated_at: at,
    };
  }
  return out;
}

/**
 * Removes from every role the permissions that no longer name an existing `resource:action`, so a
 * deleted resource or action takes its grants with it (as Permit's policy editor does).
 */
async function pruneDanglingPermissions(tx: Db): Promise<void> {
  const valid = new Set<string>();
  for (const r of await resources.listResources(tx))
    for (const a of Object.keys(r.actions)) valid.add(`${r.key}:${a}`);
  for (const role of await roles.listRoles(tx)) {
    const kept = role.permissions.filter((p) => valid.has(p));
    if (kept.length !== role.permissions.length) await roles.updateRole(tx, { ...role, permissions: kept });
  }
}

export async function mustGetResource(db: Db, key: string): Promise<ResourceRecord> {
  const r = await resources.getResource(db, key);
  if (r === undefined) throw notFound("Resource", key);
  return r;
}

export function listResources(core: AuthzCore): Promise<ResourceRecord[]> {
  return resources.listResources(core.store.db);
}

export function getResource(core: AuthzCore, key: string): Promise<ResourceRecord> {
  return mustGetResource(core.store.db, key);
}

export function createResource(core: AuthzCore, input: ResourceInput): Promise<Committed<ResourceRecord>> {
  return commit(core, {
    kind: "resource",
    async run(tx) {
      if (await resources.getResource(tx, input.key)) throw duplicate("resource", input.key);
      const at = core.now();
      const record: ResourceRecord = {
        id: newId(),
        key: input.key,
        name: input.name,
        description: input.description ?? null,
        urn: input.urn ?? null,
        actions: actionRecords(input.actions, {}, at),
        attributes: attributeRecords(input.attributes ?? {}, {}, at),
        created_at: at,
        updated_at: at,
      };
      await resources.insertResource(tx, record);
      return { value: record, keys: [record.key] };
    },
  });
}

/** PATCH: fields given overwrite the stored ones; a given `actions` map replaces the actions. */
export function updateResource(
  core: AuthzCore,
  key: string,
  patch: ResourcePatch,
): Promise<Committed<ResourceRecord>> {
  return commit(core, {
    kind: "resource",
    async run(tx) {
      const prior = await mustGetResource(tx, key);
      const at = core.now();
      const record: ResourceRecord = {
        ...prior,
        name: patch.name ?? prior.name,
        description: patch.description ?? prior.description,
        urn: patch.urn ?? prior.urn,
        actions: patch.actions ? actionRecords(patch.actions, prior.actions, at) : prior.actions,
        attributes: patch.attributes
          ? attributeRecords(patch.attributes, prior.attributes, at)
          : prior.attributes,
        updated_at: at,
      };
      await resources.updateResource(tx, record);
      if (patch.actions) await pruneDanglingPermissions(tx);
      return { value: record, keys: [record.key] };
    },
  });
}

/** PUT: replaces the resource, creating it when absent (so applying a policy file is idempotent). */
export function replaceResource(
  core: AuthzCore,
  key: string,
  input: Omit<ResourceInput, "key">,
): Promise<Committed<ResourceRecord>> {
  return commit(core, {
    kind: "resource",
    async run(tx) {
      const prior = await resources.getResource(tx, key);
      const at = core.now();
      const record: ResourceRecord = {
        id: prior?.id ?? newId(),
        // Addressed by id, the resource keeps its key (it must not be renamed to its id).
        key: prior?.key ?? key,
        name: input.name,
        description: input.description ?? null,
        urn: input.urn ?? null,
        actions: actionRecords(input.actions, prior?.actions ?? {}, at),
        attributes: attributeRecords(input.attributes ?? {}, prior?.attributes ?? {}, at),
        created_at: prior?.created_at ?? at,
        updated_at: at,
      };
      if (prior) await resources.updateResource(tx, record);
      else await resources.insertResource(tx, record);
      await pruneDanglingPermissions(tx);
      return { value: record, keys: [record.key] };
    },
  });
}

export function deleteResource(core: AuthzCore, key: string): Promise<Committed<void>> {
  return commit(core, {
    kind: "resource",
    async run(tx) {
      const prior = await mustGetResource(tx, key);
      await resources.deleteResource(tx, prior.key);
      await pruneDanglingPermissions(tx);
      await cascadeResource(tx, core, prior.key);
      return { value: undefined, keys: [prior.key] };
    },
  });
}

// ---- actions ------------------------------------------------------------------------------------

export async function getAction(core: AuthzCore, resourceKey: string, actionKey: string) {
  const r = await mustGetResource(core.store.db, resourceKey);
  const action = own(r.actions, actionKey) ?? Object.values(r.actions).find((a) => a.id === actionKey);
  if (action === undefined) throw notFound("ResourceAction", actionKey);
  const key = own(r.actions, actionKey)
    ? actionKey
    : Object.keys(r.actions).find((k) => r.actions[k] === action)!;
  return { resource: r, key, action };
}

export function createAction(
  core: AuthzCore,
  resourceKey: string,
  input: ActionInput & { key: string },
): Promise<Committed<{ resource: ResourceRecord; key: string; action: ActionRecord }>> {
  return commit(core, {
    kind: "resource",
    async run(tx) {
      const r = await mustGetResource(tx, resourceKey);
      if (own(r.actions, input.key)) throw duplicate("action", input.key);
      const at = core.now();
      const { key, ...rest } = input;
      const actions = { ...r.actions, ...actionRecords({ [key]: rest }, {}, at) };
      const record = { ...r, actions, updated_at: at };
      await resources.updateResource(tx, record);
      return { value: { resource: record, key, action: actions[key]! }, keys: [r.key] };
    },
  });
}

export function updateAction(
  core: AuthzCore,
  resourceKey: string,
  actionKey: string,
  patch: ActionInput,
): Promise<Committed<{ resource: ResourceRecord; key: string; action: ActionRecord }>> {
  return commit(core, {
    kind: "resource",
    async run(tx) {
      const r = await mustGetResource(tx, resourceKey);
      if (!own(r.actions, actionKey)) throw notFound("ResourceAction", actionKey);
      const at = core.now();
      const actions = { ...r.actions, ...actionRecords({ [actionKey]: patch }, r.actions, at) };
      const record = { ...r, actions, updated_at: at };
      await resources.updateResource(tx, record);
      return { value: { resource: record, key: actionKey, action: actions[actionKey]! }, keys: [r.key] };
    },
  });
}

export function deleteAction(
  core: AuthzCore,
  resourceKey: string,
  actionKey: string,
): Promise<Committed<void>> {
  return commit(core, {
    kind: "resource",
    async run(tx) {
      const r = await mustGetResource(tx, resourceKey);
      if (!own(r.actions, actionKey)) throw notFound("ResourceAction", actionKey);
      const { [actionKey]: _removed, ...actions } = r.actions;
      await resources.updateResource(tx, { ...r, actions, updated_at: core.now() });
      await pruneDanglingPermissions(tx);
      return { value: undefined, keys: [r.key] };
    },
  });
}

// ---- attributes ---------------------------------------------------------------------------------

/** An attribute's key from its key or its id (the SDK's `getById` passes the id). */
function attributeKeyOf(r: ResourceRecord, keyOrId: string): string {
  if (own(r.attributes, keyOrId)) return keyOrId;
  return Object.entries(r.attributes).find(([, a]) => a.id === keyOrId)?.[0] ?? keyOrId;
}

/** The built-in resource whose attributes are the user attribute schema (`__user`). */
export const USER_RESOURCE = "__user";

/** Creates `__user` once, as Permit has it in every environment; hidden from plain lists. */
export async function ensureBuiltInResources(db: Db, at: string): Promise<void> {
  if (await resources.getResource(db, USER_RESOURCE)) return;
  // Replicas started together on a new PostgreSQL database all get here; the first insert wins.
  await resources.insertResourceIfAbsent(db, {
    id: newId(),
    key: USER_RESOURCE,
    name: "User",
    description: "Built-in: the attributes users can carry",
    urn: null,
    actions: {},
    attributes: {},
    created_at: at,
    updated_at: at,
  });
}

export async function getAttribute(core: AuthzCore, resourceKey: string, attributeKeyOrId: string) {
  const r = await mustGetResource(core.store.db, resourceKey);
  const attributeKey = attributeKeyOf(r, attributeKeyOrId);
  const attribute = own(r.attributes, attributeKey);
  if (attribute === undefined) throw notFound("ResourceAttribute", attributeKey);
  return { resource: r, key: attributeKey, attribute };
}

export function putAttribute(
  core: AuthzCore,
  resourceKey: string,
  attributeKey: string,
  input: Partial<AttributeInput>,
  mode: "create" | "update",
): Promise<Committed<{ resource: ResourceRecord; key: string; attribute: AttributeRecord }>> {
  return commit(core, {
    kind: "resource",
    async run(tx) {
      const r = await mustGetResource(tx, resourceKey);
      if (mode === "update") attributeKey = attributeKeyOf(r, attributeKey);
      const prior = own(r.attributes, attributeKey);
      if (mode === "create" && prior) throw duplicate("attribute", attributeKey);
      if (mode === "update" && !prior) throw notFound("ResourceAttribute", attributeKey);
      const at = core.now();
      const merged: AttributeInput = {
        type: input.type ?? prior?.type ?? "string",
        description: input.description,
      };
      const attributes = {
        ...r.attributes,
        ...attributeRecords({ [attributeKey]: merged }, r.attributes, at),
      };
      const record = { ...r, attributes, updated_at: at };
      await resources.updateResource(tx, record);
      return {
        value: { resource: record, key: attributeKey, attribute: attributes[attributeKey]! },
        keys: [r.key],
      };
    },
  });
}

export function deleteAttribute(
  core: AuthzCore,
  resourceKey: string,
  attributeKey: string,
): Promise<Committed<void>> {
  return commit(core, {
    kind: "resource",
    async run(tx) {
      const r = await mustGetResource(tx, resourceKey);
      attributeKey = attributeKeyOf(r, attributeKey);
      if (!own(r.attributes, attributeKey)) throw notFound("ResourceAttribute", attributeKey);
      const { [attributeKey]: _removed, ...attributes } = r.attributes;
      await resources.updateResource(tx, { ...r, attributes, updated_at: core.now() });
      return { value: undefined, keys: [r.key] };
    },
  });
}
