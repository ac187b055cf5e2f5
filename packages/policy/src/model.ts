/**
 * The policy model, in Permit's words. Everything here is plain data: the engine compiles it into
 * indexes, the service persists it, the wire maps it. No I/O, no clock.
 */

/** The tenant every environment has and every check falls back to. */
export const DEFAULT_TENANT = "default";

/** An action a resource type supports, e.g. `task:delete` has resource `task` and action `delete`. */
export interface ActionDef {
  name?: string | undefined;
  description?: string | undefined;
  attributes?: Record<string, unknown> | undefined;
}

export type AttributeType =
  | "bool"
  | "number"
  | "string"
  | "time"
  | "array"
  | "json"
  | "object"
  | "object_array";

export interface AttributeDef {
  type: AttributeType;
  description?: string | undefined;
}

/** A resource type ("task", "user") with the actions that can be permitted on it. */
export interface ResourceDef {
  key: string;
  name: string;
  description?: string | undefined;
  actions: Record<string, ActionDef>;
  attributes?: Record<string, AttributeDef> | undefined;
}

/** A tenant-level role: a set of `resource:action` permissions, plus the roles it extends. */
export interface RoleDef {
  key: string;
  name: string;
  description?: string | undefined;
  /** `resource:action` strings. */
  permissions: string[];
  /** Keys of roles whose permissions this role inherits, transitively. */
  extends: string[];
  attributes?: Record<string, unknown> | undefined;
}

export interface TenantDef {
  key: string;
  name: string;
  description?: string | undefined;
  attributes?: Record<string, unknown> | undefined;
}

export interface UserDef {
  key: string;
  email?: string | undefined;
  first_name?: string | undefined;
  last_name?: string | undefined;
  attributes?: Record<string, unknown> | undefined;
}

/** A user holds a role in a tenant. (Resource-instance assignments will add `resource_instance`.) */
export interface RoleAssignmentDef {
  user: string;
  role: string;
  tenant: string;
}

/** A whole policy as data: what `policy apply` reads and `policy export` writes. */
export interface PolicyDocument {
  resources: ResourceDef[];
  roles: RoleDef[];
  tenants?: TenantDef[] | undefined;
  users?: UserDef[] | undefined;
  role_assignments?: RoleAssignmentDef[] | undefined;
}

export interface CheckResource {
  type: string;
  key?: string | undefined;
  tenant?: string | undefined;
  attributes?: Record<string, unknown> | undefined;
}

export interface CheckInput {
  user: string;
  action: string;
  resource: CheckResource;
  context?: Record<string, unknown> | undefined;
}

/**
 * Why a decision came out as it did. The deny reasons are Permit's debug reasons, so logs and the
 * decision tester read the same as Permit's.
 */
export type DecisionReason =
  | "allowed"
  | "user_not_synced"
  | "no_such_tenant"
  | "no_such_resource"
  | "no_such_action"
  | "no_role_in_tenant"
  | "no_permission";

export interface Decision {
  allow: boolean;
  reason: DecisionReason;
  /** The tenant the decision was made in (the input's, or the default one). */
  tenant: string;
  /** The role that granted the permission, when allowed. */
  grantedBy?: string | undefined;
}

/** One entry of Permit's user-permissions map, keyed `__tenant:<tenant>`. */
export interface TenantPermissions {
  tenant: { key: string; attributes: Record<string, unknown> };
  permissions: string[];
  roles: string[];
}

export type UserPermissions = Record<string, TenantPermissions>;

export interface AuthorizedUserGrant {
  user: string;
  tenant: string;
  resource: string;
  role: string;
}

export interface AuthorizedUsers {
  resource: string;
  tenant: string;
  users: Record<string, AuthorizedUserGrant[]>;
}
