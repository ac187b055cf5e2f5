/**
 * The policy the barrage runs against, and three independent views of the stored state to compare
 * before and after it: what the API lists, the SQLite file's rows (opened read-only), and the
 * in-memory engine (its counts plus a grid of decisions and permission maps).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { applyTutorialPolicy, type TestAuthz } from "@tollgate/testkit/authz";
import Database from "better-sqlite3";
import { KNOWN } from "./routes.ts";

// biome-ignore lint/suspicious/noExplicitAny: setup reads many JSON shapes.
async function ok(t: TestAuthz, method: string, path: string, body?: unknown): Promise<any> {
  const res = await t.http(method, path, body);
  assert.ok(res.status < 300, `setup ${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Tutorial roles and resources, a role hierarchy, an attribute, tenants, users and assignments. */
export async function setupPolicy(t: TestAuthz): Promise<void> {
  await applyTutorialPolicy(t.permit);
  await ok(t, "POST", `${t.schema}/resources/task/attributes`, { key: "owner", type: "string" });
  await ok(t, "POST", `${t.schema}/roles`, { key: "auditor", name: "Auditor", extends: ["viewer"] });
  for (const [key, name, attributes] of [
    ["acme", "Acme", { tier: "gold" }],
    ["globex", "Globex", {}],
    ["initech", "Initech", { region: "eu" }],
  ] as const) {
    await t.permit.api.tenants.create({ key, name, attributes });
  }
  await t.permit.api.users.sync({ key: "alice", email: "alice@example.com", first_name: "Alice" });
  await t.permit.api.users.sync({ key: "bob", email: "bob@example.com", attributes: { dept: "ops" } });
  await t.permit.api.users.sync({ key: "carol", last_name: "C" });
  await t.permit.api.users.sync({ key: "dave" });
  await t.permit.api.users.sync({ key: "eve", attributes: { clearance: 3 } });
  await t.permit.api.users.sync({ key: "u|pipe@example.io" });
  const assign = (user: string, role: string, tenant: string) =>
    t.permit.api.users.assignRole({ user, role, tenant });
  await assign("alice", "admin", "default");
  await assign("alice", "editor", "acme");
  await assign("bob", "editor", "default");
  await assign("bob", "viewer", "globex");
  await assign("carol", "viewer", "acme");
  await assign("eve", "auditor", "initech");
  await assign("u|pipe@example.io", "viewer", "default");
  // The fine-grained model: a resource role with a derivation, a relation, instances, a tuple,
  // an instance role assignment, a condition set with a rule, an action group.
  await t.permit.api.resourceRelations.create("task", {
    key: "parent",
    name: "Parent",
    subject_resource: "task",
  });
  await t.permit.api.resourceRoles.create("task", {
    key: "viewer",
    name: "Task viewer",
    permissions: ["get"],
    granted_to: { users_with_role: [{ role: "viewer", on_resource: "task", linked_by_relation: "parent" }] },
  });
  await t.permit.api.relationshipTuples.create({
    subject: "task:t1",
    relation: "parent",
    object: "task:t2",
    tenant: "acme",
  });
  await t.permit.api.roleAssignments.assign({ user: "carol", role: "viewer", resource_instance: "task:t1" });
  await t.permit.api.conditionSets.create({
    key: "gold",
    name: "Gold",
    type: "userset",
    conditions: { allOf: [{ "user.tier": { equals: "gold" } }] },
  });
  await t.permit.api.conditionSetRules.create({
    user_set: "gold",
    permission: "task:get",
    resource_set: "__autogen_task",
  });
  await t.permit.api.actionGroups.create("task", {
    key: "writers",
    name: "Writers",
    actions: ["update", "delete"],
  });
  // The route table's "known keys" must describe exactly this policy.
  const users = await ok(t, "GET", `${t.facts}/users?per_page=100`);
  assert.deepEqual(users.data.map((u: { key: string }) => u.key).sort(), [...KNOWN.user_id!].sort());
  const tenants = await ok(t, "GET", `${t.facts}/tenants?per_page=100`);
  assert.deepEqual(tenants.map((x: { key: string }) => x.key).sort(), [...KNOWN.tenant_id!].sort());
}

/** Everything the management API shows, object by object. */
export async function snapshotApi(t: TestAuthz): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const resources = await ok(t, "GET", `${t.schema}/resources?per_page=100&include_total_count=true`);
  out.resources = resources;
  for (const r of resources.data as { key: string }[]) {
    out[`resource ${r.key}`] = await ok(t, "GET", `${t.schema}/resources/${r.key}`);
    out[`resource ${r.key} actions`] = await ok(
      t,
      "GET",
      `${t.schema}/resources/${r.key}/actions?per_page=100`,
    );
    out[`resource ${r.key} attributes`] = await ok(t, "GET", `${t.schema}/resources/${r.key}/attributes`);
  }
  const roles = await ok(t, "GET", `${t.schema}/roles?per_page=100`);
  out.roles = roles;
  for (const r of roles as { key: string }[])
    out[`role ${r.key}`] = await ok(t, "GET", `${t.schema}/roles/${r.key}`);
  const tenants = await ok(t, "GET", `${t.facts}/tenants?per_page=100`);
  out.tenants = tenants;
  for (const x of tenants as { key: string }[]) {
    out[`tenant ${x.key}`] = await ok(t, "GET", `${t.facts}/tenants/${x.key}`);
    out[`tenant ${x.key} users`] = await ok(t, "GET", `${t.facts}/tenants/${x.key}/users?per_page=100`);
  }
  out.instances = await ok(t, "GET", `${t.facts}/resource_instances?per_page=100`);
  out.tuples = await ok(t, "GET", `${t.facts}/relationship_tuples?per_page=100`);
  out.conditionSets = await ok(t, "GET", `${t.schema}/condition_sets?per_page=100`);
  out.setRules = await ok(t, "GET", `${t.facts}/set_rules?per_page=100`);
  out.taskRoles = await ok(t, "GET", `${t.schema}/resources/task/roles`);
  out.taskRelations = await ok(t, "GET", `${t.schema}/resources/task/relations`);
  out.taskGroups = await ok(t, "GET", `${t.schema}/resources/task/action_groups`);
  out.instanceAssignments = await ok(t, "GET", `${t.facts}/role_assignments?resource_instance=task:t1`);
  const users = await ok(t, "GET", `${t.facts}/users?per_page=100`);
  out.users = users;
  for (const u of users.data as { key: string }[]) {
    out[`user ${u.key}`] = await ok(t, "GET", `${t.facts}/users/${encodeURIComponent(u.key)}`);
  }
  out.assignments = await ok(t, "GET", `${t.facts}/role_assignments?per_page=100&include_total_count=true`);
  out.detailedAssignments = await ok(t, "GET", `${t.facts}/role_assignments?per_page=100&detailed=true`);
  out.scope = await ok(t, "GET", "/v2/api-key/scope");
  return out;
}

const TABLES = ["meta", "resources", "roles", "tenants", "users", "role_assignments", "changes"] as const;

/** Every row of every policy table (the audit log is excluded: PDP denials are logged by design). */
export function snapshotDb(dataDir: string): { tables: Record<string, unknown[]>; auditRows: number } {
  const db = new Database(join(dataDir, "authz.db"), { readonly: true, fileMustExist: true });
  try {
    const tables: Record<string, unknown[]> = {};
    for (const table of TABLES) tables[table] = db.prepare(`select * from ${table} order by rowid`).all();
    // The audit log has its own file beside the policy store.
    const log = new Database(join(dataDir, "authz-audit.db"), { readonly: true, fileMustExist: true });
    const audit = log.prepare("select count(*) as n from audit_log").get() as { n: number };
    log.close();
    return { tables, auditRows: audit.n };
  } finally {
    db.close();
  }
}

interface EngineLike {
  stats(): unknown;
  check(input: { user: string; action: string; resource: { type: string; key?: string; tenant?: string } }): {
    allow: boolean;
    reason: string;
  };
  userPermissions(user: string): unknown;
  authorizedUsers(action: string, resource: { type: string; tenant?: string }): unknown;
  effectivePermissions(role: string): string[];
}

/** The engine's counts and a grid of decisions: every user × tenant × resource action, plus unknowns. */
export function snapshotEngine(engine: EngineLike) {
  const users = [...KNOWN.user_id!, "ghost"];
  const tenants = [...KNOWN.tenant_id!, "ghost-tenant"];
  const actions: [string, string][] = [
    ...["create", "get", "update", "check", "delete"].map((a) => ["task", a] as [string, string]),
    ...["create", "get", "delete"].map((a) => ["user", a] as [string, string]),
    ["task", "fly"],
    ["ghost", "get"],
  ];
  const decisions: string[] = [];
  for (const user of users)
    for (const tenant of tenants)
      for (const [type, action] of actions) {
        const d = engine.check({ user, action, resource: { type, tenant } });
        decisions.push(`${user} ${action} ${type} @${tenant}: ${d.allow ? "allow" : "deny"} (${d.reason})`);
      }
  return {
    stats: engine.stats(),
    decisions,
    permissions: Object.fromEntries(users.map((u) => [u, engine.userPermissions(u)])),
    authorized: Object.fromEntries(
      tenants.flatMap((tenant) =>
        actions.map(([type, action]) => [
          `${type}:${action}@${tenant}`,
          engine.authorizedUsers(action, { type, tenant }),
        ]),
      ),
    ),
    roles: Object.fromEntries(KNOWN.role_id!.map((r) => [r, engine.effectivePermissions(r)])),
  };
}

/** Own properties of the built-in prototypes: a prototype-pollution payload would add some. */
export function prototypeFingerprint(): string[] {
  const out: string[] = [];
  for (const [name, proto] of [
    ["Object", Object.prototype],
    ["Array", Array.prototype],
    ["Function", Function.prototype],
    ["String", String.prototype],
  ] as const) {
    for (const key of Reflect.ownKeys(proto)) out.push(`${name}.${String(key)}`);
  }
  return out.sort();
}
