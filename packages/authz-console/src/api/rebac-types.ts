/**
 * Wire shapes of Permit's fine-grained model (ReBAC, ABAC), derived from the schemas authz validates
 * and filters its answers with (@tollgate/contracts/authz). Type-only imports.
 */
import type {
  ConditionSetRead,
  DerivedRoleRuleRead,
  InstanceRead,
  RelationRead,
  ResourceRoleRead,
  RoleAssignmentCreate,
  SetRuleRead,
  TupleRead,
} from "@tollgate/contracts/authz";
import type { Static } from "typebox";

/** "Users with `role` on the `on_resource` linked by `linked_by_relation` get this role." */
export type DerivedRoleRule = Static<typeof DerivedRoleRuleRead>;
/** A role of one resource type, held on its instances; `permissions` are bare action keys. */
export type ResourceRole = Static<typeof ResourceRoleRead>;
/** Declared on the object resource: a `subject_resource` instance can be its `key`. */
export type Relation = Static<typeof RelationRead>;
export type ResourceInstance = Static<typeof InstanceRead>;
export type RelationshipTuple = Static<typeof TupleRead>;
/** What the console assigns and unassigns (the body of `POST/DELETE /users/{key}/roles`). */
export type RoleAssignment = Static<typeof RoleAssignmentCreate>;
/** A named condition over `user.*` (userset) or over one resource type's `resource.*` (resourceset). */
export type ConditionSet = Static<typeof ConditionSetRead>;
/** Grants `permission` (`resource:action`) to users in `user_set` on resources in `resource_set`. */
export type SetRule = Static<typeof SetRuleRead>;
