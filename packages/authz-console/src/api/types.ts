/**
 * The wire shapes the console reads: derived from the schemas authz validates and filters its answers
 * with (@tollgate/contracts/authz), so a field the service adds, drops or renames shows up here as a
 * type error. Type-only imports: no schema code reaches the bundle.
 */
import type {
  ActionRead,
  ApiKeyScope,
  AttributeRead,
  CheckResponse,
  ResourceRead,
  RoleRead,
  TenantRead,
  UserRead,
} from "@tollgate/contracts/authz";
import type { Static } from "typebox";

export type Scope = Static<typeof ApiKeyScope>;
export type Action = Static<typeof ActionRead>;
export type Attribute = Static<typeof AttributeRead>;
export type Resource = Static<typeof ResourceRead>;
export type Role = Static<typeof RoleRead>;
export type Tenant = Static<typeof TenantRead>;
export type User = Static<typeof UserRead>;
export type CheckResult = Static<typeof CheckResponse>;

/** A page of a list, as `Paginated(item)` in the contracts sends it. */
export interface Paginated<T> {
  data: T[];
  total_count: number;
  page_count: number;
}

/** One decision of the audit log (its schema is declared next to its route in authz). */
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

/**
 * `POST /user-permissions`: per tenant (`__tenant:<key>`), the user's roles and permissions there.
 * The route declares no response schema (its answer is open-ended, like Permit's), so this stays
 * written out.
 */
export type UserPermissions = Record<
  string,
  { tenant: { key: string }; permissions: string[]; roles: string[] }
>;

/** One entry of the change stream (the wire type lives in @tollgate/contracts). */
export type { PolicyChangeEvent as ChangeEvent } from "@tollgate/contracts";
