/**
 * Table shapes. JSON-valued columns are stored as text (the same on SQLite and PostgreSQL) and
 * timestamps as ISO-8601 text, so the two dialects share every query.
 */
import type { Generated } from "kysely";

export interface MetaTable {
  key: string;
  value: string;
}

export interface ResourceTable {
  id: string;
  key: string;
  name: string;
  description: string | null;
  urn: string | null;
  /** JSON: Record<actionKey, {id, name?, description?, attributes?, created_at, updated_at}> */
  actions: string;
  /** JSON: Record<attrKey, {id, type, description?, created_at, updated_at}> */
  attributes: string;
  created_at: string;
  updated_at: string;
}

export interface RoleTable {
  id: string;
  key: string;
  name: string;
  description: string | null;
  /** JSON string[] of `resource:action` */
  permissions: string;
  /** JSON string[] of role keys */
  extends: string;
  attributes: string;
  created_at: string;
  updated_at: string;
}

export interface TenantTable {
  id: string;
  key: string;
  name: string;
  description: string | null;
  attributes: string;
  created_at: string;
  updated_at: string;
}

export interface UserTable {
  id: string;
  key: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  attributes: string;
  created_at: string;
  updated_at: string;
}

export interface RoleAssignmentTable {
  id: string;
  user_key: string;
  role_key: string;
  tenant_key: string;
  created_at: string;
}

export interface ChangeTable {
  version: Generated<number>;
  kind: string;
  /** JSON string[] */
  keys: string;
  at: string;
}

export interface AuditTable {
  id: Generated<number>;
  at: string;
  user_key: string;
  action: string;
  resource_type: string;
  resource_key: string | null;
  tenant: string;
  allow: number;
  reason: string;
}

/** A small schema object (resource role, relation, action group, condition set, set rule) as JSON. */
export interface SchemaObjectTable {
  id: string;
  kind: string;
  /** The owning resource type's key, or '' for environment-wide objects. */
  scope: string;
  key: string;
  body: string;
  created_at: string;
  updated_at: string;
}

export interface ResourceInstanceTable {
  id: string;
  resource_key: string;
  key: string;
  tenant_key: string;
  attributes: string;
  created_at: string;
  updated_at: string;
}

export interface RelationshipTupleTable {
  id: string;
  /** `type:key` */
  subject: string;
  relation: string;
  /** `type:key` */
  object: string;
  object_type: string;
  subject_type: string;
  tenant_key: string;
  created_at: string;
}

export interface InstanceRoleAssignmentTable {
  id: string;
  user_key: string;
  role_key: string;
  /** `type:key` */
  resource_instance: string;
  /** The instance's tenant, kept here so tenant filters need no join. */
  tenant_key: string;
  created_at: string;
}

export interface Database {
  meta: MetaTable;
  resources: ResourceTable;
  roles: RoleTable;
  tenants: TenantTable;
  users: UserTable;
  role_assignments: RoleAssignmentTable;
  changes: ChangeTable;
  audit_log: AuditTable;
  schema_objects: SchemaObjectTable;
  resource_instances: ResourceInstanceTable;
  relationship_tuples: RelationshipTupleTable;
  instance_role_assignments: InstanceRoleAssignmentTable;
}
