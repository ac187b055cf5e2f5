/** Stored objects with their JSON columns parsed: what storage hands to the service layer. */

export interface ActionRecord {
  id: string;
  name?: string | undefined;
  description?: string | undefined;
  attributes?: Record<string, unknown> | undefined;
  created_at: string;
  updated_at: string;
}

export interface AttributeRecord {
  id: string;
  type: string;
  description?: string | undefined;
  created_at: string;
  updated_at: string;
}

export interface ResourceRecord {
  id: string;
  key: string;
  name: string;
  description: string | null;
  urn: string | null;
  actions: Record<string, ActionRecord>;
  attributes: Record<string, AttributeRecord>;
  created_at: string;
  updated_at: string;
}

export interface RoleRecord {
  id: string;
  key: string;
  name: string;
  description: string | null;
  permissions: string[];
  extends: string[];
  attributes: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export interface TenantRecord {
  id: string;
  key: string;
  name: string;
  description: string | null;
  attributes: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export interface UserRecord {
  id: string;
  key: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  attributes: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export interface RoleAssignmentRecord {
  id: string;
  user: string;
  role: string;
  tenant: string;
  created_at: string;
}

export interface ChangeRecord {
  version: number;
  kind: ChangeKind;
  keys: string[];
  at: string;
}

/**
 * What a change touched; replicas and the in-process engine reload exactly that. `role_assignment`
 * keys are user keys (tenant and instance assignments alike); `resource_instance` keys are
 * `type:key`; `relationship_tuple` keys are `subject|relation|object`; `rebac_schema` and
 * `abac_schema` reload the (small) resource roles and relations, or condition sets and rules.
 */
export type ChangeKind =
  | "resource"
  | "role"
  | "tenant"
  | "user"
  | "role_assignment"
  | "resource_instance"
  | "relationship_tuple"
  | "rebac_schema"
  | "abac_schema";

export type SchemaObjectKind = "resource_role" | "relation" | "action_group" | "condition_set" | "set_rule";

export interface SchemaObjectRecord<T = Record<string, unknown>> {
  id: string;
  kind: SchemaObjectKind;
  scope: string;
  key: string;
  body: T;
  created_at: string;
  updated_at: string;
}

export interface ResourceInstanceRecord {
  id: string;
  resource: string;
  key: string;
  tenant: string;
  attributes: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export interface RelationshipTupleRecord {
  id: string;
  subject: string;
  relation: string;
  object: string;
  tenant: string;
  created_at: string;
}

export interface InstanceRoleAssignmentRecord {
  id: string;
  user: string;
  role: string;
  resource_instance: string;
  tenant: string;
  created_at: string;
}

export interface AuditRecord {
  id: number;
  at: string;
  user: string;
  action: string;
  resource_type: string;
  resource_key: string | null;
  tenant: string;
  allow: boolean;
  reason: string;
}

export interface Page<T> {
  data: T[];
  total_count: number;
  page_count: number;
}
