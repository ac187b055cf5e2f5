/**
 * Every route of the authorization service, listed by hand from src/http/routes/*.ts (and app.ts),
 * with a valid body where the route takes one. `registeredRoutes()` and `openApiRoutes()` let the
 * test prove the list is complete: a route added to the service without being added here fails it.
 *
 * Templates are valid requests: the barrage never sends one unchanged with the right key, scope and
 * an existing target, except PDP templates, which ask about a user that does not exist (a denial).
 */

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A request body template: JSON of a different shape per route. */
// biome-ignore lint/suspicious/noExplicitAny: templates are edited freely, per route.
type Json = any;

/** How a schema-valid variant of a route's request is made certain to be rejected. */
export type Reject =
  /** Point this path parameter at an object that does not exist: 404. */
  | { kind: "param"; param: string }
  /** Change the body so it conflicts or refers to something missing: `status`. */
  | { kind: "body"; status: number; apply: (body: Json) => unknown }
  /** A PDP question about unknown things: 200 with a denial. */
  | { kind: "denial" }
  /** Put a wrong environment in the path: 404 (checked after validation). */
  | { kind: "scope" };

export interface RouteSpec {
  method: Method;
  /** Fastify's template, e.g. `/v2/facts/:proj_id/:env_id/users/:user_id`. */
  path: string;
  /** `none`: public; `key`: Bearer key required; `key-or-body`: the SDK's all-tenants quirk. */
  auth: "none" | "key" | "key-or-body";
  /** A valid body (JSON value), for routes with a body schema. */
  body?: unknown;
  /** Path parameters other than proj_id/env_id, with an existing value for each. */
  params?: Record<string, string>;
  /** PUT that creates the object its path names (so a missing target is not a 404). */
  upsert?: RegExp;
  /** A PDP decision route: a valid request about unknown things is a 200 denial. */
  pdp?: boolean;
  /**
   * An OpenID AuthZEN route: its errors are plain text, and a request the schema refuses is a 400
   * (spec §12.1.11), not Permit's 422 JSON.
   */
  authzen?: boolean;
  /** The change stream: a valid request never ends, so only invalid ones are sent. */
  stream?: boolean;
  /** How a schema-valid variant of this route's request is still rejected. */
  reject?: Reject;
}

/** Whether a request target is an OpenID AuthZEN endpoint (plain-text errors, 400 for bad input). */
export const isAuthzenPath = (path: string) => path.startsWith("/access/v1/");

const S = "/v2/schema/:proj_id/:env_id";
const F = "/v2/facts/:proj_id/:env_id";

/** Existing objects the templates point at; `state.ts` creates them before the barrage. */
export const EXISTING = {
  resource: "task",
  action: "get",
  attribute: "owner",
  role: "auditor",
  parentRole: "viewer",
  user: "alice",
  tenant: "acme",
  resourceRole: "viewer",
  relation: "parent",
  instance: "task:t1",
  conditionSet: "gold",
  actionGroup: "writers",
} as const;

/** Every key of each kind that exists before the barrage (so "missing" keys can be checked). */
export const KNOWN: Record<string, readonly string[]> = {
  resource_id: ["task", "user"],
  action_id: ["create", "get", "update", "check", "delete"],
  attribute_id: ["owner"],
  role_id: ["admin", "editor", "viewer", "auditor"],
  parent_role_id: ["admin", "editor", "viewer", "auditor"],
  user_id: ["alice", "bob", "carol", "dave", "eve", "u|pipe@example.io"],
  tenant_id: ["default", "acme", "globex", "initech"],
  relation_id: ["parent"],
  instance_id: ["task:t1", "task:t2"],
  condition_set_id: ["gold"],
  action_group_id: ["writers"],
};

const USER_KEY = /^[A-Za-z0-9|@+\-._]+$/;
const SCHEMA_KEY = /^[A-Za-z0-9\-_]+$/;

const assignment = { user: EXISTING.user, role: "viewer", tenant: EXISTING.tenant };
const ghostUser = (b: Json) => ({ ...b, user: "ghost-user-404" });

export const ROUTES: RouteSpec[] = [
  // ---- health and docs (public)
  { method: "GET", path: "/health", auth: "none" },
  { method: "GET", path: "/healthy", auth: "none" },
  { method: "GET", path: "/ready", auth: "none" },
  { method: "GET", path: "/openapi.json", auth: "none" },
  { method: "GET", path: "/metrics", auth: "none" },

  // ---- PDP
  {
    method: "POST",
    path: "/allowed",
    auth: "key",
    pdp: true,
    reject: { kind: "denial" },
    body: {
      user: { key: "ghost", email: "ghost@example.com", first_name: "Gho", last_name: "St", attributes: {} },
      action: "get",
      resource: { type: "task", key: "t1", tenant: "default", attributes: {}, context: {} },
      context: {},
      sdk: "node",
    },
  },
  {
    method: "POST",
    path: "/allowed/bulk",
    auth: "key",
    pdp: true,
    reject: { kind: "denial" },
    body: [
      { user: "ghost", action: "get", resource: { type: "task", tenant: "default" }, context: {} },
      { user: { key: "ghost2", firstName: "G" }, action: "delete", resource: { type: "user", key: "u1" } },
    ],
  },
  {
    method: "POST",
    path: "/user-permissions",
    auth: "key",
    pdp: true,
    reject: { kind: "denial" },
    body: {
      user: { key: "ghost", email: "ghost@example.com" },
      tenants: ["default", "acme"],
      resources: ["task:t1"],
      resource_types: ["__tenant", "task"],
      context: {},
    },
  },
  {
    method: "POST",
    path: "/authorized_users",
    auth: "key",
    pdp: true,
    reject: { kind: "denial" },
    body: {
      action: "get",
      resource: { type: "ghost-type", key: "k1", tenant: "default" },
      context: {},
      sdk: "x",
    },
  },
  {
    method: "POST",
    path: "/allowed/all-tenants",
    auth: "key-or-body",
    pdp: true,
    reject: { kind: "denial" },
    body: { user: { key: "ghost" }, action: "get", resource: { type: "task", key: "t1" }, context: {} },
  },

  // ---- OpenID AuthZEN 1.0 (contract §6): the same PDP, asked about a user that does not exist
  { method: "GET", path: "/.well-known/authzen-configuration", auth: "none" },
  {
    method: "POST",
    path: "/access/v1/evaluation",
    auth: "key",
    pdp: true,
    authzen: true,
    reject: { kind: "denial" },
    body: {
      subject: { type: "user", id: "ghost", properties: { email: "ghost@example.com", department: "x" } },
      action: { name: "get" },
      resource: { type: "task", id: "t1", properties: { tenant: "default", owner: "ghost" } },
      context: { ip: "10.0.0.1" },
    },
  },
  {
    method: "POST",
    path: "/access/v1/evaluations",
    auth: "key",
    pdp: true,
    authzen: true,
    reject: { kind: "denial" },
    body: {
      subject: { type: "user", id: "ghost" },
      action: { name: "get" },
      context: { ip: "10.0.0.1" },
      options: { evaluations_semantic: "execute_all" },
      evaluations: [
        { resource: { type: "task", id: "t1", properties: { tenant: "default" } } },
        { action: { name: "delete" }, resource: { type: "user", id: "u1" }, context: { at: "night" } },
      ],
    },
  },
  {
    method: "POST",
    path: "/access/v1/search/subject",
    auth: "key",
    pdp: true,
    authzen: true,
    reject: { kind: "denial" },
    body: {
      subject: { type: "user" },
      action: { name: "get" },
      resource: { type: "ghost-type", id: "k1", properties: { tenant: "default" } },
      context: {},
      page: { limit: 10 },
    },
  },
  {
    method: "POST",
    path: "/access/v1/search/resource",
    auth: "key",
    pdp: true,
    authzen: true,
    reject: { kind: "denial" },
    body: {
      subject: { type: "user", id: "ghost" },
      action: { name: "get" },
      resource: { type: "task", properties: { tenant: "default" } },
      context: {},
      page: { limit: 10 },
    },
  },
  {
    method: "POST",
    path: "/access/v1/search/action",
    auth: "key",
    pdp: true,
    authzen: true,
    reject: { kind: "denial" },
    body: {
      subject: { type: "user", id: "ghost" },
      resource: { type: "task", id: "t1", properties: { tenant: "default" } },
      context: {},
    },
  },

  // ---- scope, change stream, audit log
  { method: "GET", path: "/v2/api-key/scope", auth: "key" },
  { method: "GET", path: "/v1/changes", auth: "key", stream: true },
  { method: "GET", path: "/v2/pdps/:proj_id/:env_id/audit_logs", auth: "key", reject: { kind: "scope" } },

  // ---- resources
  { method: "GET", path: `${S}/resources`, auth: "key", reject: { kind: "scope" } },
  {
    method: "POST",
    path: `${S}/resources`,
    auth: "key",
    body: {
      key: "fz-resource",
      name: "Fuzz resource",
      urn: "urn:fz",
      description: "made by the fuzz test",
      actions: { read: { name: "Read", description: "d", attributes: { a: 1 } }, write: {} },
      attributes: { owner: { type: "string", description: "who" } },
    },
    reject: { kind: "body", status: 409, apply: (b) => ({ ...b, key: EXISTING.resource }) },
  },
  {
    method: "GET",
    path: `${S}/resources/:resource_id`,
    auth: "key",
    params: { resource_id: EXISTING.resource },
    reject: { kind: "param", param: "resource_id" },
  },
  {
    method: "PATCH",
    path: `${S}/resources/:resource_id`,
    auth: "key",
    params: { resource_id: EXISTING.resource },
    body: { name: "Renamed", description: "x" },
    reject: { kind: "param", param: "resource_id" },
  },
  {
    method: "PUT",
    path: `${S}/resources/:resource_id`,
    auth: "key",
    params: { resource_id: EXISTING.resource },
    upsert: SCHEMA_KEY,
    body: { name: "Replaced", actions: { read: {} }, attributes: { owner: { type: "string" } } },
    reject: { kind: "scope" },
  },
  {
    method: "DELETE",
    path: `${S}/resources/:resource_id`,
    auth: "key",
    params: { resource_id: EXISTING.resource },
    reject: { kind: "param", param: "resource_id" },
  },
  {
    method: "GET",
    path: `${S}/resources/:resource_id/actions`,
    auth: "key",
    params: { resource_id: EXISTING.resource },
    reject: { kind: "param", param: "resource_id" },
  },
  {
    method: "POST",
    path: `${S}/resources/:resource_id/actions`,
    auth: "key",
    params: { resource_id: EXISTING.resource },
    body: { key: "fz-action", name: "Fuzz action", description: "d", attributes: { x: 1 } },
    reject: { kind: "param", param: "resource_id" },
  },
  {
    method: "GET",
    path: `${S}/resources/:resource_id/actions/:action_id`,
    auth: "key",
    params: { resource_id: EXISTING.resource, action_id: EXISTING.action },
    reject: { kind: "param", param: "action_id" },
  },
  {
    method: "PATCH",
    path: `${S}/resources/:resource_id/actions/:action_id`,
    auth: "key",
    params: { resource_id: EXISTING.resource, action_id: EXISTING.action },
    body: { name: "Get it", description: "d" },
    reject: { kind: "param", param: "action_id" },
  },
  {
    method: "DELETE",
    path: `${S}/resources/:resource_id/actions/:action_id`,
    auth: "key",
    params: { resource_id: EXISTING.resource, action_id: EXISTING.action },
    reject: { kind: "param", param: "action_id" },
  },
  {
    method: "GET",
    path: `${S}/resources/:resource_id/attributes`,
    auth: "key",
    params: { resource_id: EXISTING.resource },
    reject: { kind: "param", param: "resource_id" },
  },
  {
    method: "POST",
    path: `${S}/resources/:resource_id/attributes`,
    auth: "key",
    params: { resource_id: EXISTING.resource },
    body: { key: "fz_attr", type: "number", description: "d" },
    reject: { kind: "param", param: "resource_id" },
  },
  {
    method: "GET",
    path: `${S}/resources/:resource_id/attributes/:attribute_id`,
    auth: "key",
    params: { resource_id: EXISTING.resource, attribute_id: EXISTING.attribute },
    reject: { kind: "param", param: "attribute_id" },
  },
  {
    method: "PATCH",
    path: `${S}/resources/:resource_id/attributes/:attribute_id`,
    auth: "key",
    params: { resource_id: EXISTING.resource, attribute_id: EXISTING.attribute },
    body: { type: "json", description: "d" },
    reject: { kind: "param", param: "attribute_id" },
  },
  {
    method: "DELETE",
    path: `${S}/resources/:resource_id/attributes/:attribute_id`,
    auth: "key",
    params: { resource_id: EXISTING.resource, attribute_id: EXISTING.attribute },
    reject: { kind: "param", param: "attribute_id" },
  },

  // ---- roles
  { method: "GET", path: `${S}/roles`, auth: "key", reject: { kind: "scope" } },
  {
    method: "POST",
    path: `${S}/roles`,
    auth: "key",
    body: {
      key: "fz-role",
      name: "Fuzz role",
      description: "d",
      permissions: ["task:get", "task:update"],
      extends: ["viewer"],
      attributes: { level: 3 },
    },
    reject: { kind: "body", status: 409, apply: (b) => ({ ...b, key: "admin" }) },
  },
  {
    method: "GET",
    path: `${S}/roles/:role_id`,
    auth: "key",
    params: { role_id: EXISTING.role },
    reject: { kind: "param", param: "role_id" },
  },
  {
    method: "PATCH",
    path: `${S}/roles/:role_id`,
    auth: "key",
    params: { role_id: EXISTING.role },
    body: { name: "Renamed", description: "d", permissions: ["task:get"], extends: [], attributes: {} },
    reject: { kind: "param", param: "role_id" },
  },
  {
    method: "DELETE",
    path: `${S}/roles/:role_id`,
    auth: "key",
    params: { role_id: EXISTING.role },
    reject: { kind: "param", param: "role_id" },
  },
  {
    method: "POST",
    path: `${S}/roles/:role_id/permissions`,
    auth: "key",
    params: { role_id: EXISTING.role },
    body: { permissions: ["task:update"] },
    reject: { kind: "param", param: "role_id" },
  },
  {
    method: "DELETE",
    path: `${S}/roles/:role_id/permissions`,
    auth: "key",
    params: { role_id: EXISTING.role },
    body: { permissions: ["task:get"] },
    reject: { kind: "param", param: "role_id" },
  },
  {
    method: "PUT",
    path: `${S}/roles/:role_id/parents/:parent_role_id`,
    auth: "key",
    params: { role_id: "editor", parent_role_id: EXISTING.parentRole },
    reject: { kind: "param", param: "parent_role_id" },
  },
  {
    method: "DELETE",
    path: `${S}/roles/:role_id/parents/:parent_role_id`,
    auth: "key",
    params: { role_id: EXISTING.role, parent_role_id: EXISTING.parentRole },
    reject: { kind: "param", param: "parent_role_id" },
  },

  // ---- users
  { method: "GET", path: `${F}/users`, auth: "key", reject: { kind: "scope" } },
  {
    method: "POST",
    path: `${F}/users`,
    auth: "key",
    body: {
      key: "fz-user",
      email: "fz@example.com",
      first_name: "Fuzz",
      last_name: "Er",
      attributes: { plan: "pro" },
      role_assignments: [{ role: "viewer", tenant: EXISTING.tenant }],
    },
    reject: { kind: "body", status: 409, apply: (b) => ({ ...b, key: EXISTING.user }) },
  },
  {
    method: "GET",
    path: `${F}/users/:user_id`,
    auth: "key",
    params: { user_id: EXISTING.user },
    reject: { kind: "param", param: "user_id" },
  },
  {
    method: "PUT",
    path: `${F}/users/:user_id`,
    auth: "key",
    params: { user_id: EXISTING.user },
    upsert: USER_KEY,
    body: {
      key: EXISTING.user,
      email: "alice@example.com",
      first_name: "Alice",
      attributes: { plan: "pro" },
      role_assignments: [{ role: "viewer" }],
    },
    reject: { kind: "scope" },
  },
  {
    method: "PATCH",
    path: `${F}/users/:user_id`,
    auth: "key",
    params: { user_id: EXISTING.user },
    body: { email: "a@example.com", first_name: "A", last_name: "L", attributes: { plan: "free" } },
    reject: { kind: "param", param: "user_id" },
  },
  {
    method: "DELETE",
    path: `${F}/users/:user_id`,
    auth: "key",
    params: { user_id: EXISTING.user },
    reject: { kind: "param", param: "user_id" },
  },
  {
    method: "POST",
    path: `${F}/bulk/users`,
    auth: "key",
    body: { operations: [{ key: "fz-bulk-1", email: "b1@example.com" }, { key: "fz-bulk-2" }] },
    // The first user is new, the second exists: 409 and nothing written.
    reject: {
      kind: "body",
      status: 409,
      apply: (b) => ({ ...b, operations: [...b.operations, { key: EXISTING.user }] }),
    },
  },
  {
    method: "PUT",
    path: `${F}/bulk/users`,
    auth: "key",
    body: { operations: [{ key: "fz-bulk-1", email: "b1@example.com" }, { key: EXISTING.user }] },
    // Replacing works item by item; a role that does not exist makes it 404 and rolls it all back.
    reject: {
      kind: "body",
      status: 404,
      apply: (b) => ({
        ...b,
        operations: [...b.operations, { key: "fz-bulk-3", role_assignments: [{ role: "ghost-role" }] }],
      }),
    },
  },
  {
    method: "DELETE",
    path: `${F}/bulk/users`,
    auth: "key",
    body: { idents: [EXISTING.user, "bob"] },
    reject: { kind: "scope" },
  },

  // ---- tenants
  { method: "GET", path: `${F}/tenants`, auth: "key", reject: { kind: "scope" } },
  {
    method: "POST",
    path: `${F}/tenants`,
    auth: "key",
    body: { key: "fz-tenant", name: "Fuzz tenant", description: "d", attributes: { tier: 1 } },
    reject: { kind: "body", status: 409, apply: (b) => ({ ...b, key: EXISTING.tenant }) },
  },
  {
    method: "GET",
    path: `${F}/tenants/:tenant_id`,
    auth: "key",
    params: { tenant_id: EXISTING.tenant },
    reject: { kind: "param", param: "tenant_id" },
  },
  {
    method: "PATCH",
    path: `${F}/tenants/:tenant_id`,
    auth: "key",
    params: { tenant_id: EXISTING.tenant },
    body: { name: "Renamed", description: "d", attributes: { tier: 2 } },
    reject: { kind: "param", param: "tenant_id" },
  },
  {
    method: "DELETE",
    path: `${F}/tenants/:tenant_id`,
    auth: "key",
    params: { tenant_id: EXISTING.tenant },
    reject: { kind: "param", param: "tenant_id" },
  },
  {
    method: "GET",
    path: `${F}/tenants/:tenant_id/users`,
    auth: "key",
    params: { tenant_id: EXISTING.tenant },
    reject: { kind: "param", param: "tenant_id" },
  },
  {
    method: "DELETE",
    path: `${F}/tenants/:tenant_id/users/:user_id`,
    auth: "key",
    params: { tenant_id: EXISTING.tenant, user_id: EXISTING.user },
    reject: { kind: "param", param: "user_id" },
  },

  // ---- role assignments
  { method: "GET", path: `${F}/role_assignments`, auth: "key", reject: { kind: "scope" } },
  { method: "GET", path: `${F}/role_assignments/detailed`, auth: "key", reject: { kind: "scope" } },
  {
    method: "POST",
    path: `${F}/role_assignments`,
    auth: "key",
    body: assignment,
    reject: { kind: "body", status: 404, apply: ghostUser },
  },
  {
    method: "DELETE",
    path: `${F}/role_assignments`,
    auth: "key",
    body: assignment,
    reject: { kind: "body", status: 404, apply: ghostUser },
  },
  {
    method: "POST",
    path: `${F}/role_assignments/bulk`,
    auth: "key",
    body: [assignment, { user: "bob", role: "viewer" }],
    reject: { kind: "body", status: 404, apply: (b) => [...b, ghostUser(assignment)] },
  },
  {
    method: "DELETE",
    path: `${F}/role_assignments/bulk`,
    auth: "key",
    body: [assignment, { user: "bob", role: "editor", tenant: "default" }],
    reject: { kind: "body", status: 404, apply: (b) => [...b, ghostUser(assignment)] },
  },
  // ---- ReBAC schema: resource roles, derivations, relations
  ...resourceScoped("roles", "role_id", EXISTING.resourceRole, {
    create: {
      key: "fz-rrole",
      name: "Fuzz",
      description: "d",
      permissions: ["get"],
      attributes: {},
      granted_to: { users_with_role: [], when: { no_direct_roles_on_object: false } },
    },
    conflict: (b) => ({ ...b, key: EXISTING.resourceRole }),
    update: {
      name: "Renamed",
      permissions: ["get", "update"],
      granted_to: { users_with_role: [], when: { no_direct_roles_on_object: false } },
    },
  }),
  {
    method: "POST",
    path: `${S}/resources/:resource_id/roles/:role_id/permissions`,
    auth: "key",
    params: { resource_id: EXISTING.resource, role_id: EXISTING.resourceRole },
    body: { permissions: ["update"] },
    reject: { kind: "param", param: "role_id" },
  },
  {
    method: "DELETE",
    path: `${S}/resources/:resource_id/roles/:role_id/permissions`,
    auth: "key",
    params: { resource_id: EXISTING.resource, role_id: EXISTING.resourceRole },
    body: { permissions: ["get"] },
    reject: { kind: "param", param: "role_id" },
  },
  {
    method: "POST",
    path: `${S}/resources/:resource_id/roles/:role_id/implicit_grants`,
    auth: "key",
    params: { resource_id: EXISTING.resource, role_id: EXISTING.resourceRole },
    body: {
      role: EXISTING.resourceRole,
      on_resource: EXISTING.resource,
      linked_by_relation: EXISTING.relation,
      when: { no_direct_roles_on_object: false },
    },
    reject: { kind: "body", status: 404, apply: (b) => ({ ...b, linked_by_relation: "ghost-relation" }) },
  },
  {
    method: "DELETE",
    path: `${S}/resources/:resource_id/roles/:role_id/implicit_grants`,
    auth: "key",
    params: { resource_id: EXISTING.resource, role_id: EXISTING.resourceRole },
    body: {
      role: EXISTING.resourceRole,
      on_resource: EXISTING.resource,
      linked_by_relation: EXISTING.relation,
    },
    reject: { kind: "body", status: 404, apply: (b) => ({ ...b, role: "ghost-role" }) },
  },
  {
    method: "PUT",
    path: `${S}/resources/:resource_id/roles/:role_id/implicit_grants/conditions`,
    auth: "key",
    params: { resource_id: EXISTING.resource, role_id: EXISTING.resourceRole },
    body: { no_direct_roles_on_object: true },
    reject: { kind: "param", param: "role_id" },
  },
  {
    method: "GET",
    path: `${S}/resources/:resource_id/relations`,
    auth: "key",
    params: { resource_id: EXISTING.resource },
    reject: { kind: "param", param: "resource_id" },
  },
  {
    method: "POST",
    path: `${S}/resources/:resource_id/relations`,
    auth: "key",
    params: { resource_id: EXISTING.resource },
    body: { key: "fz-rel", name: "Fuzz", description: "d", subject_resource: "user" },
    reject: { kind: "body", status: 409, apply: (b) => ({ ...b, key: EXISTING.relation }) },
  },
  {
    method: "GET",
    path: `${S}/resources/:resource_id/relations/:relation_id`,
    auth: "key",
    params: { resource_id: EXISTING.resource, relation_id: EXISTING.relation },
    reject: { kind: "param", param: "relation_id" },
  },
  {
    method: "DELETE",
    path: `${S}/resources/:resource_id/relations/:relation_id`,
    auth: "key",
    params: { resource_id: EXISTING.resource, relation_id: EXISTING.relation },
    reject: { kind: "param", param: "relation_id" },
  },

  // ---- action groups
  ...resourceScoped("action_groups", "action_group_id", EXISTING.actionGroup, {
    create: { key: "fz-group", name: "Fuzz", description: "d", attributes: {}, actions: ["get"] },
    conflict: (b) => ({ ...b, key: EXISTING.actionGroup }),
    update: { name: "Renamed", actions: ["get", "update"] },
  }),

  // ---- condition sets (schema) and set rules (facts)
  { method: "GET", path: `${S}/condition_sets`, auth: "key", reject: { kind: "scope" } },
  {
    method: "POST",
    path: `${S}/condition_sets`,
    auth: "key",
    body: {
      key: "fz-set",
      name: "Fuzz",
      type: "userset",
      conditions: { allOf: [{ "user.tier": { equals: "x" } }] },
    },
    reject: { kind: "body", status: 409, apply: (b) => ({ ...b, key: EXISTING.conditionSet }) },
  },
  {
    method: "GET",
    path: `${S}/condition_sets/:condition_set_id`,
    auth: "key",
    params: { condition_set_id: EXISTING.conditionSet },
    reject: { kind: "param", param: "condition_set_id" },
  },
  {
    method: "PATCH",
    path: `${S}/condition_sets/:condition_set_id`,
    auth: "key",
    params: { condition_set_id: EXISTING.conditionSet },
    body: { name: "Renamed", conditions: { "user.tier": { equals: "gold" } } },
    reject: { kind: "param", param: "condition_set_id" },
  },
  {
    method: "DELETE",
    path: `${S}/condition_sets/:condition_set_id`,
    auth: "key",
    params: { condition_set_id: EXISTING.conditionSet },
    reject: { kind: "param", param: "condition_set_id" },
  },
  { method: "GET", path: `${F}/set_rules`, auth: "key", reject: { kind: "scope" } },
  {
    method: "POST",
    path: `${F}/set_rules`,
    auth: "key",
    body: { user_set: EXISTING.conditionSet, permission: "task:update", resource_set: "__autogen_task" },
    reject: { kind: "body", status: 404, apply: (b) => ({ ...b, user_set: "ghost-set" }) },
  },
  {
    method: "DELETE",
    path: `${F}/set_rules`,
    auth: "key",
    body: { user_set: EXISTING.conditionSet, permission: "task:get", resource_set: "__autogen_task" },
    reject: { kind: "body", status: 404, apply: (b) => ({ ...b, permission: "task:ghost" }) },
  },

  // ---- resource instances and relationship tuples (facts)
  { method: "GET", path: `${F}/resource_instances`, auth: "key", reject: { kind: "scope" } },
  { method: "GET", path: `${F}/resource_instances/detailed`, auth: "key", reject: { kind: "scope" } },
  {
    method: "POST",
    path: `${F}/resource_instances`,
    auth: "key",
    body: { key: "fz-i1", resource: EXISTING.resource, tenant: EXISTING.tenant, attributes: { a: 1 } },
    reject: { kind: "body", status: 404, apply: (b) => ({ ...b, tenant: "ghost-tenant" }) },
  },
  {
    method: "GET",
    path: `${F}/resource_instances/:instance_id`,
    auth: "key",
    params: { instance_id: EXISTING.instance },
    reject: { kind: "param", param: "instance_id" },
  },
  {
    method: "PATCH",
    path: `${F}/resource_instances/:instance_id`,
    auth: "key",
    params: { instance_id: EXISTING.instance },
    body: { attributes: { level: 2 } },
    reject: { kind: "param", param: "instance_id" },
  },
  {
    method: "DELETE",
    path: `${F}/resource_instances/:instance_id`,
    auth: "key",
    params: { instance_id: EXISTING.instance },
    reject: { kind: "param", param: "instance_id" },
  },
  { method: "GET", path: `${F}/relationship_tuples`, auth: "key", reject: { kind: "scope" } },
  { method: "GET", path: `${F}/relationship_tuples/detailed`, auth: "key", reject: { kind: "scope" } },
  {
    method: "POST",
    path: `${F}/relationship_tuples`,
    auth: "key",
    body: { subject: "task:t2", relation: EXISTING.relation, object: "task:t3", tenant: EXISTING.tenant },
    reject: { kind: "body", status: 404, apply: (b) => ({ ...b, object: "task:ghost", tenant: undefined }) },
  },
  {
    method: "DELETE",
    path: `${F}/relationship_tuples`,
    auth: "key",
    body: { subject: "task:t1", relation: EXISTING.relation, object: "task:t2" },
    reject: { kind: "body", status: 404, apply: (b) => ({ ...b, object: "task:ghost" }) },
  },
  {
    method: "POST",
    path: `${F}/relationship_tuples/bulk`,
    auth: "key",
    body: {
      operations: [
        { subject: "task:t2", relation: EXISTING.relation, object: "task:t4", tenant: EXISTING.tenant },
      ],
    },
    reject: {
      kind: "body",
      status: 404,
      apply: () => ({ operations: [{ subject: "task:t2", relation: "ghost-rel", object: "task:t1" }] }),
    },
  },
  {
    method: "DELETE",
    path: `${F}/relationship_tuples/bulk`,
    auth: "key",
    body: { idents: [{ subject: "task:t1", relation: EXISTING.relation, object: "task:t2" }] },
    reject: {
      kind: "body",
      status: 404,
      apply: () => ({ idents: [{ subject: "task:t2", relation: "parent", object: "task:t1" }] }),
    },
  },

  // ---- projects and environments (the service's own)
  { method: "GET", path: "/v2/projects", auth: "key" },
  { method: "GET", path: "/v2/projects/:proj_id", auth: "key" },
  { method: "GET", path: "/v2/projects/:proj_id/envs", auth: "key" },
  { method: "GET", path: "/v2/projects/:proj_id/envs/:env_id", auth: "key", reject: { kind: "scope" } },
  {
    method: "GET",
    path: "/v2/projects/:proj_id/envs/:env_id/stats",
    auth: "key",
    reject: { kind: "scope" },
  },
  {
    method: "PATCH",
    path: "/v2/projects/:proj_id/envs/:env_id",
    auth: "key",
    body: { name: "Production", description: "d" },
    reject: { kind: "scope" },
  },
  {
    method: "DELETE",
    path: "/v2/projects/:proj_id/envs/:env_id",
    auth: "key",
    reject: { kind: "scope" },
  },
  { method: "GET", path: "/v2/api-key/:proj_id/:env_id", auth: "key", reject: { kind: "scope" } },
];

/** `GET /x/:id` → `GET /x/{id}`: the OpenAPI spelling, used to compare route lists. */
export function routeId(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`;
}

/** Method + path of every operation in the service's OpenAPI document. */
export function openApiRoutes(doc: { paths: Record<string, Record<string, unknown>> }): Set<string> {
  const out = new Set<string>();
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const method of Object.keys(ops)) out.add(routeId(method, path));
  }
  return out;
}

/**
 * Every route the Fastify router holds, read from `app.printRoutes({ commonPrefix: false })`, which
 * also lists routes hidden from the OpenAPI document. HEAD routes Fastify adds for GETs are left out.
 */
export function registeredRoutes(printed: string): Set<string> {
  const out = new Set<string>();
  const stack: string[] = [];
  for (const line of printed.split("\n")) {
    const at = line.indexOf("── ");
    if (at < 0) continue;
    const depth = Math.round((at - 1) / 4);
    const match = /^(.*?)(?: \(([^)]*)\))?$/.exec(line.slice(at + 3).trimEnd());
    if (!match) continue;
    stack.length = depth;
    stack.push(match[1]!);
    const methods = match[2]?.split(",").map((m) => m.trim()) ?? [];
    for (const m of methods) if (m !== "HEAD") out.add(routeId(m, stack.join("")));
  }
  return out;
}

/** The five routes of a resource-scoped collection (`roles`, `action_groups`) with its item routes. */
function resourceScoped(
  collection: string,
  param: string,
  existing: string,
  bodies: { create: Json; conflict: (b: Json) => unknown; update: Json },
): RouteSpec[] {
  const base = `${S}/resources/:resource_id/${collection}`;
  const item = `${base}/:${param}`;
  const params = { resource_id: EXISTING.resource, [param]: existing };
  return [
    {
      method: "GET",
      path: base,
      auth: "key",
      params: { resource_id: EXISTING.resource },
      reject: { kind: "param", param: "resource_id" },
    },
    {
      method: "POST",
      path: base,
      auth: "key",
      params: { resource_id: EXISTING.resource },
      body: bodies.create,
      reject: { kind: "body", status: 409, apply: bodies.conflict },
    },
    { method: "GET", path: item, auth: "key", params, reject: { kind: "param", param } },
    {
      method: "PATCH",
      path: item,
      auth: "key",
      params,
      body: bodies.update,
      reject: { kind: "param", param },
    },
    { method: "DELETE", path: item, auth: "key", params, reject: { kind: "param", param } },
  ];
}
