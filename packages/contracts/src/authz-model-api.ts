/**
 * authz's wire schemas of the fine-grained model (ReBAC, ABAC, action groups, projects), as the permitio
 * SDK 2.7.6 sends and reads them. Same conventions as authz-api.ts: 422 on mismatch, responses
 * filtered to the declared fields.
 */
import { Type } from "typebox";
import {
  Attributes,
  Description,
  Name,
  PathKey,
  RoleAssignmentDetailedRead,
  RoleAssignmentRead,
  SchemaKey,
  ScopeIds,
  Timestamps,
} from "./authz-api.ts";

const InstanceRef = Type.String({ minLength: 3, maxLength: 520 });
const Permission = Type.String({ minLength: 1, maxLength: 300 });

// ---- resource roles, derivations, relations ----------------------------------------------------

export const DerivedRoleRule = Type.Object({
  role: SchemaKey,
  on_resource: PathKey,
  linked_by_relation: SchemaKey,
  when: Type.Optional(Type.Object({ no_direct_roles_on_object: Type.Optional(Type.Boolean()) })),
});
export const DerivedRoleRuleDelete = Type.Object({
  role: SchemaKey,
  on_resource: PathKey,
  linked_by_relation: SchemaKey,
});
export const DerivationSettings = Type.Object({ no_direct_roles_on_object: Type.Optional(Type.Boolean()) });
const GrantedTo = Type.Object({
  users_with_role: Type.Optional(Type.Array(DerivedRoleRule, { maxItems: 1000 })),
  when: Type.Optional(DerivationSettings),
});
export const ResourceRoleCreate = Type.Object({
  key: SchemaKey,
  name: Name,
  description: Type.Optional(Description),
  permissions: Type.Optional(Type.Array(Permission, { maxItems: 1000 })),
  attributes: Type.Optional(Attributes),
  extends: Type.Optional(Type.Array(SchemaKey, { maxItems: 0 })),
  granted_to: Type.Optional(GrantedTo),
});
export const ResourceRoleUpdate = Type.Partial(Type.Omit(ResourceRoleCreate, ["key"]));
export const DerivedRoleRuleRead = Type.Object({
  role_id: Type.String(),
  resource_id: Type.String(),
  relation_id: Type.String(),
  role: Type.String(),
  on_resource: Type.String(),
  linked_by_relation: Type.String(),
});
export const ResourceRoleRead = Type.Object({
  key: Type.String(),
  id: Type.String(),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  permissions: Type.Array(Type.String()),
  attributes: Type.Optional(Attributes),
  extends: Type.Array(Type.String()),
  granted_to: Type.Object({
    id: Type.String(),
    when: DerivationSettings,
    users_with_role: Type.Array(DerivedRoleRuleRead),
  }),
  resource_id: Type.String(),
  resource: Type.String(),
  ...ScopeIds,
  ...Timestamps,
});

export const RelationCreate = Type.Object({
  key: SchemaKey,
  name: Name,
  description: Type.Optional(Description),
  subject_resource: PathKey,
});
export const RelationRead = Type.Object({
  key: Type.String(),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  id: Type.String(),
  subject_resource: Type.String(),
  subject_resource_id: Type.String(),
  object_resource: Type.String(),
  object_resource_id: Type.String(),
  ...ScopeIds,
  ...Timestamps,
});

// ---- resource instances and tuples --------------------------------------------------------------

/** `:` would make `type:key` ambiguous (the SDK throws on a second one). */
const InstanceKey = Type.String({ pattern: "^[^:]+$", minLength: 1, maxLength: 256 });
export const InstanceCreate = Type.Object({
  key: InstanceKey,
  resource: PathKey,
  tenant: Type.Optional(PathKey),
  attributes: Type.Optional(Attributes),
});
export const InstanceUpdate = Type.Object({ attributes: Type.Optional(Attributes) });
export const InstanceRead = Type.Object({
  key: Type.String(),
  tenant: Type.String(),
  resource: Type.String(),
  attributes: Attributes,
  id: Type.String(),
  resource_id: Type.String(),
  tenant_id: Type.String(),
  ...ScopeIds,
  ...Timestamps,
});

export const TupleCreate = Type.Object({
  subject: InstanceRef,
  relation: SchemaKey,
  object: InstanceRef,
  tenant: Type.Optional(PathKey),
});
export const TupleIdent = Type.Object({ subject: InstanceRef, relation: SchemaKey, object: InstanceRef });
export const BulkTupleCreate = Type.Object({
  operations: Type.Array(TupleCreate, { minItems: 1, maxItems: 1000 }),
});
export const BulkTupleDelete = Type.Object({
  idents: Type.Array(TupleIdent, { minItems: 1, maxItems: 1000 }),
});
export const TupleRead = Type.Object({
  id: Type.String(),
  subject: Type.String(),
  relation: Type.String(),
  object: Type.String(),
  tenant: Type.String(),
  subject_id: Type.String(),
  relation_id: Type.String(),
  object_id: Type.String(),
  tenant_id: Type.String(),
  ...ScopeIds,
  ...Timestamps,
});

// ---- `detailed` list items (Permit's API; the Node SDK sends `detailed` for tuples and assignments) --

/** `{subject, relation, object}` of one tuple, as an instance's `relationships` lists them. */
const RelationshipBlock = Type.Object({
  subject: Type.String(),
  relation: Type.String(),
  object: Type.String(),
});
/** `ResourceInstanceRead`; with `detailed=true` also the tuples the instance takes part in. */
export const InstanceListItem = Type.Object({
  ...InstanceRead.properties,
  relationships: Type.Optional(Type.Array(RelationshipBlock)),
});
const InstanceBlock = Type.Object({
  key: Type.String(),
  tenant: Type.String(),
  resource: Type.String(),
  attributes: Attributes,
});
/** `RelationshipTupleDetailedRead`: the read model plus the subject, object, relation and tenant. */
export const TupleDetailedRead = Type.Object({
  ...TupleRead.properties,
  subject_details: InstanceBlock,
  relation_details: Type.Object({
    key: Type.String(),
    name: Type.String(),
    description: Type.Optional(Type.String()),
  }),
  object_details: InstanceBlock,
  tenant_details: Type.Object({
    key: Type.String(),
    name: Type.String(),
    description: Type.Optional(Type.String()),
    attributes: Attributes,
  }),
});
/** `RoleAssignmentRead` gains the instance's id for a resource role held on an instance. */
export const AssignmentListItem = Type.Object({
  ...RoleAssignmentRead.properties,
  resource_instance_id: Type.Optional(Type.String()),
});
/** `RoleAssignmentDetailedRead.resource_instance = {id, key, resource, attributes}`. */
export const AssignmentDetailedItem = Type.Object({
  ...RoleAssignmentDetailedRead.properties,
  resource_instance: Type.Optional(
    Type.Object({ id: Type.String(), key: Type.String(), resource: Type.String(), attributes: Attributes }),
  ),
});

// ---- condition sets and rules -----------------------------------------------------------------

/** Whom a set's conditions are over: users (`user.*`) or one resource type's instances (`resource.*`). */
const ConditionSetKind = Type.Union([Type.Literal("userset"), Type.Literal("resourceset")]);

export const ConditionSetCreate = Type.Object({
  key: SchemaKey,
  name: Name,
  type: Type.Optional(ConditionSetKind),
  autogenerated: Type.Optional(Type.Boolean()),
  resource_id: Type.Optional(PathKey),
  description: Type.Optional(Description),
  conditions: Type.Optional(Attributes),
  parent_id: Type.Optional(PathKey),
});
export const ConditionSetUpdate = Type.Object({
  name: Type.Optional(Name),
  description: Type.Optional(Description),
  conditions: Type.Optional(Attributes),
  parent_id: Type.Optional(PathKey),
});
export const ConditionSetRead = Type.Object({
  key: Type.String(),
  // An enum of strings: typed as the union, and written as it is (not matched against two schemas).
  type: Type.Unsafe<"userset" | "resourceset">({ type: "string", enum: ["userset", "resourceset"] }),
  autogenerated: Type.Boolean(),
  resource_id: Type.Optional(Type.String()),
  resource: Type.Optional(Type.Object({ id: Type.String(), key: Type.String(), name: Type.String() })),
  id: Type.String(),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  conditions: Attributes,
  parent_id: Type.Optional(Type.String()),
  ...ScopeIds,
  ...Timestamps,
});
export const SetRuleCreate = Type.Object({
  user_set: PathKey,
  permission: Permission,
  resource_set: PathKey,
  is_role: Type.Optional(Type.Boolean()),
  is_resource: Type.Optional(Type.Boolean()),
});
export const SetRuleRead = Type.Object({
  id: Type.String(),
  key: Type.String(),
  user_set: Type.String(),
  permission: Type.String(),
  resource_set: Type.String(),
  ...ScopeIds,
  ...Timestamps,
});

// ---- action groups -------------------------------------------------------------------------------

export const ActionGroupCreate = Type.Object({
  key: SchemaKey,
  name: Name,
  description: Type.Optional(Description),
  attributes: Type.Optional(Attributes),
  actions: Type.Optional(Type.Array(SchemaKey, { maxItems: 1000 })),
});
export const ActionGroupUpdate = Type.Partial(Type.Omit(ActionGroupCreate, ["key"]));
export const ActionGroupRead = Type.Object({
  key: Type.String(),
  id: Type.String(),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  attributes: Type.Optional(Attributes),
  actions: Type.Array(Type.String()),
  resource_id: Type.String(),
  ...ScopeIds,
  ...Timestamps,
});
