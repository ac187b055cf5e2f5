/** Wire shapes of Permit's fine-grained model (ReBAC), as the permitio SDK receives them. */

export interface DerivedRoleRule {
  role: string;
  on_resource: string;
  linked_by_relation: string;
}

export interface ResourceRole {
  id: string;
  key: string;
  name: string;
  description?: string;
  /** Bare action keys of the role's resource. */
  permissions?: string[];
  resource: string;
  granted_to?: {
    when?: { no_direct_roles_on_object?: boolean };
    users_with_role?: DerivedRoleRule[];
  };
}

/** Declared on the object resource: a `subject_resource` instance can be its `key`. */
export interface Relation {
  id: string;
  key: string;
  name: string;
  subject_resource: string;
  object_resource: string;
}

export interface ResourceInstance {
  id: string;
  key: string;
  resource: string;
  tenant?: string;
  attributes?: Record<string, unknown>;
  created_at: string;
}

export interface RelationshipTuple {
  id: string;
  subject: string;
  relation: string;
  object: string;
}

export interface RoleAssignment {
  user: string;
  role: string;
  tenant: string;
  resource_instance?: string;
}
