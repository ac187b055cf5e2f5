/**
 * Resource roles, relations and role derivations (implicit grants): the ReBAC schema. All of it is
 * small, so every write appends one `rebac_schema` change that reloads it whole.
 */
import type { DerivationDef, RelationDef, ResourceRoleDef } from "@tollgate/policy";
import { appendChange } from "../storage/changes.ts";
import { deleteInstanceAssignmentsWhere } from "../storage/instance-assignments.ts";
import type { ResourceRecord, SchemaObjectRecord } from "../storage/records.ts";
import * as objects from "../storage/schema-objects.ts";
import type { Db } from "../storage/store.ts";
import { deleteTuplesOfRelation } from "../storage/tuples.ts";
import { commit } from "./commit.ts";
import type { AuthzCore, Committed } from "./context.ts";
import { duplicate, invalidOperation, notFound } from "./errors.ts";
import { newId } from "./ids.ts";
import { mustGetResource } from "./resources.ts";

export type ResourceRoleBody = ResourceRoleDef & { granted_to_id: string };
export type ResourceRoleRecord = SchemaObjectRecord<ResourceRoleBody>;
export type RelationRecord = SchemaObjectRecord<RelationDef>;

export interface ResourceRoleInput {
  key: string;
  name: string;
  description?: string | undefined;
  permissions?: string[] | undefined;
  attributes?: Record<string, unknown> | undefined;
  granted_to?: GrantedToInput | undefined;
}
export interface GrantedToInput {
  users_with_role?: DerivationDef[] | undefined;
  when?: { no_direct_roles_on_object?: boolean | undefined } | undefined;
}
export type ResourceRolePatch = Partial<Omit<ResourceRoleInput, "key">>;

export async function mustGetResourceRole(
  db: Db,
  resource: string,
  role: string,
): Promise<ResourceRoleRecord> {
  const r = await objects.getSchemaObject<ResourceRoleBody>(db, "resource_role", resource, role);
  if (r === undefined) throw notFound("ResourceRole", role);
  return r;
}

export async function mustGetRelation(db: Db, resource: string, relation: string): Promise<RelationRecord> {
  const r = await objects.getSchemaObject<RelationDef>(db, "relation", resource, relation);
  if (r === undefined) throw notFound("Relation", relation);
  return r;
}

/** Bare action keys of `resource`; `resource:action` and action ids are accepted and stored bare. */
function resolveActions(resource: ResourceRecord, permissions: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of permissions) {
    const bare = p.startsWith(`${resource.key}:`) ? p.slice(resource.key.length + 1) : p;
    const byId = Object.entries(resource.actions).find(([, a]) => a.id === p)?.[0];
    const action = Object.hasOwn(resource.actions, bare) ? bare : byId;
    if (action === undefined) throw notFound("Permission", p);
    if (!out.includes(action)) out.push(action);
  }
  return out;
}

/**
 * A derivation is valid when the related type has the role and the derived role's type declares
 * the relation with that type as its subject. `self` lets a role derive from itself on a parent
 * (`folder#editor ← folder#editor`), before it is stored.
 */
async function checkDerivation(
  db: Db,
  resource: string,
  d: DerivationDef,
  self: string,
): Promise<DerivationDef> {
  const onResource = await mustGetResource(db, d.on_resource);
  if (!(onResource.key === resource && d.role === self))
    await mustGetResourceRole(db, onResource.key, d.role);
  const relation = await mustGetRelation(db, resource, d.linked_by_relation);
  if (relation.body.subject_resource !== onResource.key) {
    throw invalidOperation(
      `relation '${relation.key}' of '${resource}' links '${relation.body.subject_resource}', not '${onResource.key}'`,
    );
  }
  return { role: d.role, on_resource: onResource.key, linked_by_relation: relation.key };
}

async function grantedTo(
  db: Db,
  resource: string,
  role: string,
  input: GrantedToInput | undefined,
  prior?: ResourceRoleDef,
) {
  const rules: DerivationDef[] = [];
  for (const d of input?.users_with_role ?? []) {
    const checked = await checkDerivation(db, resource, d, role);
    if (!rules.some((r) => sameRule(r, checked))) rules.push(checked);
  }
  const when = input?.when ?? prior?.granted_to?.when;
  return {
    users_with_role: rules,
    when: { no_direct_roles_on_object: when?.no_direct_roles_on_object === true },
  };
}

function sameRule(a: DerivationDef, b: DerivationDef): boolean {
  return (
    a.role === b.role && a.on_resource === b.on_resource && a.linked_by_relation === b.linked_by_relation
  );
}

// ---- resource roles ----------------------------------------------------------------------------

export async function listResourceRoles(core: AuthzCore, resource: string): Promise<ResourceRoleRecord[]> {
  const r = await mustGetResource(core.store.db, resource);
  return objects.listSchemaObjects<ResourceRoleBody>(core.store.db, "resource_role", r.key);
}

export async function getResourceRole(
  core: AuthzCore,
  resource: string,
  role: string,
): Promise<ResourceRoleRecord> {
  const r = await mustGetResource(core.store.db, resource);
  return mustGetResourceRole(core.store.db, r.key, role);
}

export function createResourceRole(
  core: AuthzCore,
  resourceKey: string,
  input: ResourceRoleInput,
): Promise<Committed<ResourceRoleRecord>> {
  return commit(core, {
    kind: "rebac_schema",
    async run(tx) {
      const resource = await mustGetResource(tx, resourceKey);
      if (await objects.getSchemaObject(tx, "resource_role", resource.key, input.key))
        throw duplicate("resource role", input.key);
      const at = core.now();
      const record: ResourceRoleRecord = {
        id: newId(),
        kind: "resource_role",
        scope: resource.key,
        key: input.key,
        body: {
          resource: resource.key,
          key: input.key,
          name: input.name,
          description: input.description,
          permissions: resolveActions(resource, input.permissions ?? []),
          attributes: input.attributes,
          granted_to: await grantedTo(tx, resource.key, input.key, input.granted_to),
          granted_to_id: newId(),
        },
        created_at: at,
        updated_at: at,
      };
      await objects.insertSchemaObject(tx, record);
      return { value: record, keys: [resource.key] };
    },
  });
}

/** Edits a stored role inside a write; `edit` returns the new body. */
function editRole(
  core: AuthzCore,
  resourceKey: string,
  roleKey: string,
  edit: (tx: Db, resource: ResourceRecord, role: ResourceRoleRecord) => Promise<ResourceRoleBody>,
): Promise<Committed<ResourceRoleRecord>> {
  return commit(core, {
    kind: "rebac_schema",
    async run(tx) {
      const resource = await mustGetResource(tx, resourceKey);
      const role = await mustGetResourceRole(tx, resource.key, roleKey);
      const updated: ResourceRoleRecord = {
        ...role,
        body: await edit(tx, resource, role),
        updated_at: core.now(),
      };
      await objects.updateSchemaObject(tx, updated);
      return { value: updated, keys: [resource.key] };
    },
  });
}

/** PATCH: given fields replace the stored ones; `granted_to` replaces the whole derivation list. */
export function updateResourceRole(
  core: AuthzCore,
  resource: string,
  role: string,
  patch: ResourceRolePatch,
) {
  return editRole(core, resource, role, async (tx, r, stored) => ({
    ...stored.body,
    name: patch.name ?? stored.body.name,
    description: patch.description ?? stored.body.description,
    attributes: patch.attributes ?? stored.body.attributes,
    permissions: patch.permissions ? resolveActions(r, patch.permissions) : stored.body.permissions,
    granted_to: patch.granted_to
      ? await grantedTo(tx, r.key, stored.key, patch.granted_to, stored.body)
      : stored.body.granted_to,
  }));
}

export function assignResourceRolePermissions(
  core: AuthzCore,
  resource: string,
  role: string,
  permissions: string[],
) {
  return editRole(core, resource, role, async (_tx, r, stored) => ({
    ...stored.body,
    permissions: [...new Set([...stored.body.permissions, ...resolveActions(r, permissions)])],
  }));
}

/** Permissions the role lacks are skipped, as in Permit. */
export function removeResourceRolePermissions(
  core: AuthzCore,
  resource: string,
  role: string,
  permissions: string[],
) {
  return editRole(core, resource, role, async (_tx, r, stored) => {
    const drop = new Set(permissions.map((p) => (p.startsWith(`${r.key}:`) ? p.slice(r.key.length + 1) : p)));
    return { ...stored.body, permissions: stored.body.permissions.filter((p) => !drop.has(p)) };
  });
}

/** Creating an identical rule twice is idempotent. */
export function addDerivation(core: AuthzCore, resource: string, role: string, rule: DerivationDef) {
  return editRole(core, resource, role, async (tx, r, stored) => {
    const checked = await checkDerivation(tx, r.key, rule, stored.key);
    const rules = stored.body.granted_to?.users_with_role ?? [];
    return {
      ...stored.body,
      granted_to: {
        ...stored.body.granted_to,
        users_with_role: rules.some((x) => sameRule(x, checked)) ? rules : [...rules, checked],
      },
    };
  });
}

export function removeDerivation(core: AuthzCore, resource: string, role: string, rule: DerivationDef) {
  return editRole(core, resource, role, async (_tx, _r, stored) => {
    const rules = stored.body.granted_to?.users_with_role ?? [];
    const kept = rules.filter((x) => !sameRule(x, rule));
    if (kept.length === rules.length)
      throw notFound("DerivedRoleRule", `${rule.role}/${rule.on_resource}/${rule.linked_by_relation}`);
    return { ...stored.body, granted_to: { ...stored.body.granted_to, users_with_role: kept } };
  });
}

export function setDerivationConditions(
  core: AuthzCore,
  resource: string,
  role: string,
  when: { no_direct_roles_on_object?: boolean | undefined },
) {
  return editRole(core, resource, role, async (_tx, _r, stored) => ({
    ...stored.body,
    granted_to: {
      users_with_role: stored.body.granted_to?.users_with_role ?? [],
      when: { no_direct_roles_on_object: when.no_direct_roles_on_object === true },
    },
  }));
}

/** Deletes the role, its instance assignments, and the derivations that name it. */
export function deleteResourceRole(
  core: AuthzCore,
  resourceKey: string,
  roleKey: string,
): Promise<Committed<void>> {
  return commit(core, {
    kind: "rebac_schema",
    async run(tx) {
      const resource = await mustGetResource(tx, resourceKey);
      const role = await mustGetResourceRole(tx, resource.key, roleKey);
      await objects.deleteSchemaObject(tx, role.id);
      await dropDerivations(tx, core, (d) => d.on_resource === resource.key && d.role === role.key);
      const users = await deleteInstanceAssignmentsWhere(tx, {
        resourcePrefix: resource.key,
        role: role.key,
      });
      if (users.length > 0) await appendChange(tx, core.store.dialect, "role_assignment", users, core.now());
      return { value: undefined, keys: [resource.key] };
    },
  });
}

async function dropDerivations(
  tx: Db,
  core: AuthzCore,
  drop: (d: DerivationDef, role: ResourceRoleBody) => boolean,
) {
  for (const r of await objects.listSchemaObjects<ResourceRoleBody>(tx, "resource_role")) {
    const rules = r.body.granted_to?.users_with_role ?? [];
    const kept = rules.filter((d) => !drop(d, r.body));
    if (kept.length === rules.length) continue;
    await objects.updateSchemaObject(tx, {
      ...r,
      body: { ...r.body, granted_to: { ...r.body.granted_to, users_with_role: kept } },
      updated_at: core.now(),
    });
  }
}

// ---- relations ---------------------------------------------------------------------------------

export interface RelationInput {
  key: string;
  name: string;
  description?: string | undefined;
  subject_resource: string;
}

export async function listRelations(core: AuthzCore, resource: string): Promise<RelationRecord[]> {
  const r = await mustGetResource(core.store.db, resource);
  return objects.listSchemaObjects<RelationDef>(core.store.db, "relation", r.key);
}

export async function getRelation(
  core: AuthzCore,
  resource: string,
  relation: string,
): Promise<RelationRecord> {
  const r = await mustGetResource(core.store.db, resource);
  return mustGetRelation(core.store.db, r.key, relation);
}

/** Declared on the object type: `document.parent → folder` is created on `document`. */
export function createRelation(
  core: AuthzCore,
  resourceKey: string,
  input: RelationInput,
): Promise<Committed<RelationRecord>> {
  return commit(core, {
    kind: "rebac_schema",
    async run(tx) {
      const object = await mustGetResource(tx, resourceKey);
      if (await objects.getSchemaObject(tx, "relation", object.key, input.key))
        throw duplicate("relation", input.key);
      const subject = await mustGetResource(tx, input.subject_resource);
      const at = core.now();
      const record: RelationRecord = {
        id: newId(),
        kind: "relation",
        scope: object.key,
        key: input.key,
        body: {
          resource: object.key,
          key: input.key,
          name: input.name,
          description: input.description,
          subject_resource: subject.key,
        },
        created_at: at,
        updated_at: at,
      };
      await objects.insertSchemaObject(tx, record);
      return { value: record, keys: [object.key] };
    },
  });
}

/** Deletes the relation, its tuples and the derivations that follow it. */
export function deleteRelation(
  core: AuthzCore,
  resourceKey: string,
  relationKey: string,
): Promise<Committed<void>> {
  return commit(core, {
    kind: "rebac_schema",
    async run(tx) {
      const object = await mustGetResource(tx, resourceKey);
      const relation = await mustGetRelation(tx, object.key, relationKey);
      await objects.deleteSchemaObject(tx, relation.id);
      await deleteTuplesOfRelation(tx, object.key, relation.key);
      await dropDerivations(
        tx,
        core,
        (d, role) => role.resource === object.key && d.linked_by_relation === relation.key,
      );
      return { value: undefined, keys: [object.key] };
    },
  });
}

/** Everything of the ReBAC schema a resource type owns or is named by, for a resource's deletion. */
export async function deleteRebacSchemaOfResource(tx: Db, core: AuthzCore, resource: string): Promise<void> {
  await objects.deleteSchemaObjectsOfScope(tx, resource);
  for (const rel of await objects.listSchemaObjects<RelationDef>(tx, "relation")) {
    if (rel.body.subject_resource !== resource) continue;
    await objects.deleteSchemaObject(tx, rel.id);
    await deleteTuplesOfRelation(tx, rel.scope, rel.key);
  }
  await dropDerivations(tx, core, (d) => d.on_resource === resource);
}
