/** The wire shapes the console reads: the same read models the permitio SDK receives. */

export interface Scope {
  organization_id: string;
  project_id: string;
  environment_id: string;
}

export interface Action {
  id: string;
  key: string;
  name: string;
  description?: string;
}

export interface Attribute {
  id: string;
  key: string;
  type: string;
  description?: string;
}

export interface Resource {
  id: string;
  key: string;
  name: string;
  description?: string;
  actions: Record<string, Action>;
  attributes: Record<string, Attribute>;
}

export interface Role {
  id: string;
  key: string;
  name: string;
  description?: string;
  permissions: string[];
  extends: string[];
}

export interface Tenant {
  id: string;
  key: string;
  name: string;
  description?: string;
  created_at: string;
  updated_at: string;
}

export interface User {
  id: string;
  key: string;
  email?: string;
  first_name?: string;
  last_name?: string;
  roles: { role: string; tenant: string }[];
  created_at: string;
}

export interface Paginated<T> {
  data: T[];
  total_count: number;
  page_count: number;
}

export interface AuditEntry {
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

export interface CheckResult {
  allow: boolean;
  result: boolean;
  debug?: { reason: string; tenant: string; granted_by?: string; via?: string; path?: string };
}

/** `POST /user-permissions`: per tenant (`__tenant:<key>`), the user's roles and permissions there. */
export type UserPermissions = Record<
  string,
  { tenant: { key: string }; permissions: string[]; roles: string[] }
>;

/** One entry of the change stream (the wire type lives in @tollgate/contracts). */
export type { PolicyChangeEvent as ChangeEvent } from "@tollgate/contracts";
