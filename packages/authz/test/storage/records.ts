/** Complete records for the storage contract, with JSON that exercises what text columns must keep. */
import type {
  InstanceRoleAssignmentRecord,
  RelationshipTupleRecord,
  ResourceInstanceRecord,
  ResourceRecord,
  RoleAssignmentRecord,
  RoleRecord,
  SchemaObjectKind,
  SchemaObjectRecord,
  TenantRecord,
  UserRecord,
} from "../../src/storage/records.ts";

let serial = 0;
/** Distinct ids that also sort in creation order, so tests can name which row comes first. */
export function nextId(prefix: string): string {
  serial += 1;
  return `${prefix}-${String(serial).padStart(8, "0")}`;
}

export const AT = "2026-01-01T00:00:00.000Z";
export const LATER = "2026-01-02T00:00:00.000Z";

/** Attributes a JSON column must return exactly: nesting, unicode, numbers, null, empty values. */
export const RICH_ATTRIBUTES = {
  tier: "gold",
  limits: { seats: 25, ratio: 0.125, tags: ["a", "b"] },
  name: "Zoë — 東京 😀",
  quote: `it's "quoted" \\ and \n newline`,
  nothing: null,
  empty: {},
  none: [],
  yes: true,
};

export function user(key: string, extra: Partial<UserRecord> = {}): UserRecord {
  return {
    id: nextId("user"),
    key,
    email: `${key}@example.com`,
    first_name: null,
    last_name: null,
    attributes: {},
    created_at: AT,
    updated_at: AT,
    ...extra,
  };
}

export function tenant(key: string, extra: Partial<TenantRecord> = {}): TenantRecord {
  return {
    id: nextId("tenant"),
    key,
    name: key,
    description: null,
    attributes: {},
    created_at: AT,
    updated_at: AT,
    ...extra,
  };
}

export function role(key: string, extra: Partial<RoleRecord> = {}): RoleRecord {
  return {
    id: nextId("role"),
    key,
    name: key,
    description: null,
    permissions: [],
    extends: [],
    attributes: {},
    created_at: AT,
    updated_at: AT,
    ...extra,
  };
}

export function resource(key: string, extra: Partial<ResourceRecord> = {}): ResourceRecord {
  return {
    id: nextId("resource"),
    key,
    name: key,
    description: null,
    urn: null,
    actions: {},
    attributes: {},
    created_at: AT,
    updated_at: AT,
    ...extra,
  };
}

export function assignment(userKey: string, roleKey: string, tenantKey: string): RoleAssignmentRecord {
  return { id: nextId("ra"), user: userKey, role: roleKey, tenant: tenantKey, created_at: AT };
}

export function schemaObject<T>(
  kind: SchemaObjectKind,
  scope: string,
  key: string,
  body: T,
): SchemaObjectRecord<T> {
  return { id: nextId(kind), kind, scope, key, body, created_at: AT, updated_at: AT };
}

export function instance(
  resourceKey: string,
  key: string,
  tenantKey: string,
  attributes: Record<string, unknown> = {},
): ResourceInstanceRecord {
  return {
    id: nextId("instance"),
    resource: resourceKey,
    key,
    tenant: tenantKey,
    attributes,
    created_at: AT,
    updated_at: AT,
  };
}

export function tuple(
  subject: string,
  relation: string,
  object: string,
  tenantKey: string,
): RelationshipTupleRecord {
  return { id: nextId("tuple"), subject, relation, object, tenant: tenantKey, created_at: AT };
}

export function instanceAssignment(
  userKey: string,
  roleKey: string,
  resourceInstance: string,
  tenantKey: string,
): InstanceRoleAssignmentRecord {
  return {
    id: nextId("ira"),
    user: userKey,
    role: roleKey,
    resource_instance: resourceInstance,
    tenant: tenantKey,
    created_at: AT,
  };
}
