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

/** What a change touched; replicas and the in-process engine reload exactly that. */
export type ChangeKind = "resource" | "role" | "tenant" | "user" | "role_assignment";

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
