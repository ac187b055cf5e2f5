/**
 * The fine-grained model through the unmodified permitio SDK, method by method: ReBAC (resource
 * roles, derivations, relations, instances, tuples, instance role assignments), ABAC (attribute
 * schemas incl. `__user`, condition sets, set rules, inline attributes), action groups, and the
 * project/environment reads an environment key may make. Every write is followed by the check or
 * read that proves it took effect, including removals.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startTestAuthz, type TestAuthz } from "@tollgate/testkit/authz";
import type { Permit } from "permitio";

let t: TestAuthz;
let permit: Permit;

async function rejects(p: Promise<unknown>, status: number): Promise<void> {
  await assert.rejects(p, (err: { response?: { status?: number } }) => {
    assert.equal(err.response?.status, status);
    return true;
  });
}

before(async () => {
  t = await startTestAuthz();
  permit = t.permit;
  const api = permit.api;
  await api.resources.create({ key: "folder", name: "Folder", actions: { read: {}, edit: {} } });
  await api.resources.create({
    key: "document",
    name: "Document",
    actions: { read: {}, edit: {}, delete: {} },
  });
  await api.tenants.create({ key: "acme", name: "Acme" });
  for (const key of ["alice", "bob", "carol"]) await api.users.sync({ key });
});
after(() => t.close());

describe("SDK: ReBAC schema", () => {
  it("relations: create, get, getById, list, duplicate, unknown subject", async () => {
    const api = permit.api.resourceRelations;
    const rel = await api.create("document", { key: "parent", name: "Parent", subject_resource: "folder" });
    assert.equal(rel.object_resource, "document");
    assert.equal(rel.subject_resource, "folder");
    await api.create("folder", { key: "parent", name: "Parent", subject_resource: "folder" });
    assert.equal((await api.get("document", "parent")).id, rel.id);
    assert.equal((await api.getById(rel.object_resource_id, rel.id)).key, "parent");
    assert.deepEqual(
      (await api.list({ resourceKey: "document" })).map((r) => r.key),
      ["parent"],
    );
    await rejects(api.create("document", { key: "parent", name: "Again", subject_resource: "folder" }), 409);
    await rejects(api.create("document", { key: "owner", name: "Owner", subject_resource: "nope" }), 404);
    const doc = await permit.api.resources.get("document");
    assert.deepEqual(doc.relations, { parent: { resource_id: rel.subject_resource_id, resource: "folder" } });
  });

  it("resource roles: create with a derivation, permissions, update, getById", async () => {
    const api = permit.api.resourceRoles;
    await api.create("folder", { key: "editor", name: "Editor", permissions: ["read", "folder:edit"] });
    await api.createRoleDerivation("folder", "editor", {
      role: "editor",
      on_resource: "folder",
      linked_by_relation: "parent",
    });
    const doc = await api.create("document", {
      key: "editor",
      name: "Editor",
      permissions: ["read"],
      granted_to: {
        users_with_role: [{ role: "editor", on_resource: "folder", linked_by_relation: "parent" }],
      },
    });
    assert.deepEqual(doc.permissions, ["read"]);
    assert.equal(doc.resource, "document");
    assert.equal(doc.granted_to?.users_with_role?.[0]?.on_resource, "folder");
    const more = await api.assignPermissions("document", "editor", ["edit", "read"]);
    assert.deepEqual(more.permissions, ["read", "edit"]);
    assert.deepEqual((await api.removePermissions("document", "editor", ["read", "delete"])).permissions, [
      "edit",
    ]);
    await api.assignPermissions("document", "editor", ["read"]);
    assert.equal((await api.getById(doc.resource_id, doc.id)).key, "editor");
    assert.equal((await api.update("document", "editor", { name: "Doc editor" })).name, "Doc editor");
    await api.create("document", { key: "owner", name: "Owner", permissions: ["read", "edit", "delete"] });
    assert.deepEqual((await api.list({ resourceKey: "document" })).map((r) => r.key).sort(), [
      "editor",
      "owner",
    ]);
    await rejects(api.create("document", { key: "owner", name: "Again" }), 409);
    await rejects(api.create("document", { key: "x", name: "X", permissions: ["fly"] }), 404);
    await rejects(
      api.createRoleDerivation("document", "owner", {
        role: "editor",
        on_resource: "folder",
        linked_by_relation: "nope",
      }),
      404,
    );
    const conditions = await api.updateRoleDerivationConditions("document", "owner", {
      no_direct_roles_on_object: false,
    });
    assert.deepEqual(conditions, { no_direct_roles_on_object: false });
  });
});

describe("SDK: ReBAC facts and decisions", () => {
  it("instances: create (idempotent), get by type:key and id, list filters, update, key with ':' rejected", async () => {
    const api = permit.api.resourceInstances;
    const f1 = await api.create({
      key: "f1",
      resource: "folder",
      tenant: "acme",
      attributes: { dept: "eng" },
    });
    assert.equal(f1.tenant, "acme");
    const again = await api.create({
      key: "f1",
      resource: "folder",
      tenant: "acme",
      attributes: { dept: "ops" },
    });
    assert.equal(again.id, f1.id);
    assert.deepEqual(again.attributes, { dept: "eng" });
    assert.equal((await api.get("folder:f1")).id, f1.id);
    assert.equal((await api.getById(f1.id)).key, "f1");
    assert.deepEqual((await api.update("folder:f1", { attributes: { dept: "ops" } })).attributes, {
      dept: "ops",
    });
    await api.create({ key: "d1", resource: "document", tenant: "acme" });
    assert.deepEqual(
      (await api.list({ resource: "document" })).map((i) => i.key),
      ["d1"],
    );
    assert.deepEqual((await api.list({ tenant: "acme" })).length, 2);
    await rejects(api.create({ key: "a:b", resource: "folder", tenant: "acme" }), 422);
    await rejects(api.create({ key: "z", resource: "nope", tenant: "acme" }), 404);
    await rejects(api.get("folder:nope"), 404);
  });

  it("a tuple derives a role on the next check; deleting it takes the access away", async () => {
    await permit.api.roleAssignments.assign({
      user: "alice",
      role: "editor",
      resource_instance: "folder:f1",
    });
    const doc = { type: "document", key: "d1", tenant: "acme" };
    assert.equal(
      await permit.check("alice", "edit", "folder:f1" as never),
      false,
      "request tenant is default",
    );
    assert.equal(await permit.check("alice", "edit", { type: "folder", key: "f1", tenant: "acme" }), true);
    assert.equal(await permit.check("alice", "edit", doc), false);
    const tuple = await permit.api.relationshipTuples.create({
      subject: "folder:f1",
      relation: "parent",
      object: "document:d1",
    });
    assert.equal(tuple.object, "document:d1");
    assert.equal(await permit.check("alice", "edit", doc), true);
    assert.equal(await permit.check("alice", "delete", doc), false);
    const listed = await permit.api.relationshipTuples.list({ object: "document:d1" });
    assert.deepEqual(
      listed.map((x) => `${x.subject} ${x.relation} ${x.object}`),
      ["folder:f1 parent document:d1"],
    );
    assert.equal(
      (await permit.api.relationshipTuples.list({ subjectType: "folder", relation: "parent" })).length,
      1,
    );
    await rejects(
      permit.api.relationshipTuples.create({
        subject: "folder:f1",
        relation: "parent",
        object: "document:d1",
      }),
      409,
    );
    await permit.api.relationshipTuples.delete({
      subject: "folder:f1",
      relation: "parent",
      object: "document:d1",
    });
    assert.equal(await permit.check("alice", "edit", doc), false);
    await rejects(
      permit.api.relationshipTuples.delete({
        subject: "folder:f1",
        relation: "parent",
        object: "document:d1",
      }),
      404,
    );
  });

  it("tuples auto-create instances with a tenant, in bulk all or nothing", async () => {
    await permit.api.relationshipTuples.bulkRelationshipTuples([
      { subject: "folder:f1", relation: "parent", object: "document:d2", tenant: "acme" },
      { subject: "folder:f2", relation: "parent", object: "folder:f1", tenant: "acme" },
    ]);
    assert.equal((await permit.api.resourceInstances.get("folder:f2")).tenant, "acme");
    await rejects(
      permit.api.relationshipTuples.create({
        subject: "folder:f1",
        relation: "parent",
        object: "document:nope",
      }),
      404,
    );
    await rejects(
      permit.api.relationshipTuples.bulkRelationshipTuples([
        { subject: "folder:f1", relation: "parent", object: "document:d3", tenant: "acme" },
        { subject: "document:d1", relation: "parent", object: "document:d3", tenant: "acme" },
      ]),
      400,
    );
    await rejects(permit.api.resourceInstances.get("document:d3"), 404);
    await permit.api.roleAssignments.assign({ user: "bob", role: "editor", resource_instance: "folder:f2" });
    assert.equal(await permit.check("bob", "edit", { type: "document", key: "d2", tenant: "acme" }), true);
    await permit.api.relationshipTuples.bulkUnRelationshipTuples([
      { subject: "folder:f2", relation: "parent", object: "folder:f1" },
    ]);
    assert.equal(await permit.check("bob", "edit", { type: "document", key: "d2", tenant: "acme" }), false);
  });

  it("instance role assignments: list by instance, wrong role or tenant rejected, unassign", async () => {
    const listed = await permit.api.roleAssignments.list({ resourceInstance: "folder:f1" });
    assert.deepEqual(
      listed.map((a) => [a.user, a.role, a.tenant]),
      [["alice", "editor", "acme"]],
    );
    const all = await permit.api.roleAssignments.list({ user: "alice" });
    assert.ok(all.some((a) => (a as { resource_instance?: string }).resource_instance === "folder:f1"));
    await rejects(
      permit.api.roleAssignments.assign({ user: "alice", role: "owner", resource_instance: "folder:f1" }),
      404,
    );
    await rejects(
      permit.api.roleAssignments.assign({
        user: "alice",
        role: "editor",
        resource_instance: "folder:f1",
        tenant: "default",
      }),
      400,
    );
    const perms = await permit.getUserPermissions("alice", undefined, ["folder:f1"]);
    assert.deepEqual(perms["folder:f1"]?.permissions, ["folder:edit", "folder:read"]);
    await permit.api.roleAssignments.unassign({
      user: "alice",
      role: "editor",
      resource_instance: "folder:f1",
    });
    assert.equal(await permit.check("alice", "edit", { type: "folder", key: "f1", tenant: "acme" }), false);
    await rejects(
      permit.api.roleAssignments.unassign({ user: "alice", role: "editor", resource_instance: "folder:f1" }),
      404,
    );
  });

  it("users.sync grants instance roles given with the user", async () => {
    await permit.api.users.sync({
      key: "dan",
      role_assignments: [{ role: "owner", resource_instance: "document:d1" }],
    } as never);
    assert.equal(await permit.check("dan", "delete", { type: "document", key: "d1", tenant: "acme" }), true);
    await rejects(
      permit.api.users.sync({
        key: "dan2",
        role_assignments: [{ role: "owner", resource_instance: "document:nope" }],
      } as never),
      404,
    );
  });

  it("deleting a derivation, a relation or an instance removes access on the next check", async () => {
    await permit.api.roleAssignments.assign({
      user: "carol",
      role: "editor",
      resource_instance: "folder:f1",
    });
    const d2 = { type: "document", key: "d2", tenant: "acme" };
    assert.equal(await permit.check("carol", "edit", d2), true);
    await permit.api.resourceRoles.deleteRoleDerivation("document", "editor", {
      role: "editor",
      on_resource: "folder",
      linked_by_relation: "parent",
    });
    assert.equal(await permit.check("carol", "edit", d2), false);
    await permit.api.resourceRoles.createRoleDerivation("document", "editor", {
      role: "editor",
      on_resource: "folder",
      linked_by_relation: "parent",
    });
    assert.equal(await permit.check("carol", "edit", d2), true);
    await permit.api.resourceInstances.delete("folder:f1");
    assert.equal(await permit.check("carol", "edit", d2), false);
    assert.deepEqual(await permit.api.relationshipTuples.list({ object: "document:d2" }), []);
  });
});

describe("SDK: ABAC", () => {
  it("attribute schemas on a resource and on __user, getById", async () => {
    const attr = await permit.api.resourceAttributes.create("document", { key: "level", type: "number" });
    assert.equal((await permit.api.resourceAttributes.getById("document", attr.id)).key, "level");
    const user = await permit.api.resources.get("__user");
    assert.equal(user.key, "__user");
    await permit.api.resourceAttributes.create("__user", { key: "dept", type: "string" });
    assert.deepEqual(
      (await permit.api.resourceAttributes.list({ resourceKey: "__user" })).map((a) => a.key),
      ["dept"],
    );
    assert.ok(!(await permit.api.resources.list()).some((r) => r.key === "__user"));
  });

  it("condition sets and set rules grant with stored and inline attributes; deleting takes it away", async () => {
    const sets = permit.api.conditionSets;
    await sets.create({
      key: "eng",
      name: "Eng",
      type: "userset",
      conditions: { allOf: [{ "user.dept": { equals: "eng" } }] },
    });
    const low = await sets.create({
      key: "low",
      name: "Low",
      type: "resourceset",
      resource_id: "document",
      conditions: { allOf: [{ "resource.level": { "less-than": 3 } }] },
    });
    assert.equal(low.resource_id, (await permit.api.resources.get("document")).id);
    await rejects(
      sets.create({ key: "bad", name: "Bad", conditions: { "user.x": { "starts-with": "a" } } }),
      422,
    );
    await rejects(sets.create({ key: "eng", name: "Again" }), 409);
    const listed = await sets.list();
    assert.ok(listed.some((s) => s.key === "__autogen_document" && s.autogenerated));
    const rule = await permit.api.conditionSetRules.create({
      user_set: "eng",
      permission: "document:read",
      resource_set: "low",
    });
    assert.equal(rule.user_set, "eng");
    assert.equal((await permit.api.conditionSetRules.list({ userSetKey: "eng" } as never)).length, 1);
    await permit.api.users.update("carol", { attributes: { dept: "eng" } });
    const low1 = { type: "document", tenant: "acme", attributes: { level: 1 } };
    assert.equal(await permit.check("carol", "read", low1), true);
    assert.equal(await permit.check("carol", "read", { ...low1, attributes: { level: 5 } }), false);
    assert.equal(await permit.check({ key: "carol", attributes: { dept: "ops" } }, "read", low1), false);
    assert.equal(await permit.check({ key: "ghost", attributes: { dept: "eng" } }, "read", low1), true);
    await sets.update("low", { conditions: { allOf: [{ "resource.level": { "less-than": 10 } }] } });
    assert.equal(await permit.check("carol", "read", { ...low1, attributes: { level: 5 } }), true);
    await permit.api.conditionSetRules.delete({
      user_set: "eng",
      permission: "document:read",
      resource_set: "low",
    });
    assert.equal(await permit.check("carol", "read", low1), false);
    await permit.api.conditionSetRules.create({
      user_set: "eng",
      permission: "document:read",
      resource_set: "low",
    });
    await sets.delete("eng");
    assert.equal(await permit.check("carol", "read", low1), false);
    await rejects(sets.get("eng"), 404);
    await rejects(sets.delete("__autogen_document"), 400);
  });

  it("is_role and is_resource rules use the autogenerated sets", async () => {
    await permit.api.roles.create({ key: "reader", name: "Reader" });
    await permit.api.users.assignRole({ user: "bob", role: "reader", tenant: "acme" });
    await permit.api.conditionSetRules.create({
      user_set: "reader",
      permission: "document:read",
      resource_set: "document",
      is_role: true,
      is_resource: true,
    });
    assert.equal(await permit.check("bob", "read", { type: "document", tenant: "acme" }), true);
    assert.equal(await permit.check("bob", "read", { type: "document", tenant: "default" }), false);
  });
});

describe("SDK: action groups, projects and environments", () => {
  it("action groups: create, get, getById, update, list, delete", async () => {
    const api = permit.api.actionGroups;
    const g = await api.create("document", { key: "writers", name: "Writers", actions: ["edit", "delete"] });
    assert.deepEqual(g.actions, ["edit", "delete"]);
    assert.equal((await api.getById(g.resource_id, g.id)).key, "writers");
    assert.deepEqual((await api.update("document", "writers", { actions: ["edit"] })).actions, ["edit"]);
    assert.deepEqual(
      (await api.list({ resourceKey: "document" })).map((x) => x.key),
      ["writers"],
    );
    assert.deepEqual((await permit.api.resources.get("document")).action_groups, { writers: ["edit"] });
    await rejects(api.create("document", { key: "bad", name: "Bad", actions: ["fly"] }), 404);
    await api.delete("document", "writers");
    await rejects(api.get("document", "writers"), 404);
  });

  it("projects and environments answer from the service's own scope", async () => {
    const scope = (await t.http("GET", "/v2/api-key/scope")).body;
    const projects = await permit.api.projects.list();
    assert.deepEqual(
      projects.map((p) => p.id),
      [scope.project_id],
    );
    assert.equal((await permit.api.projects.get("default")).id, scope.project_id);
    assert.equal((await permit.api.projects.getById(scope.project_id)).key, "default");
    const envs = await permit.api.environments.list({ projectKey: "default" });
    assert.deepEqual(
      envs.map((e) => e.id),
      [scope.environment_id],
    );
    assert.equal((await permit.api.environments.get("default", "production")).id, scope.environment_id);
    const stats = await permit.api.environments.getStats("default", "production");
    assert.ok(stats.stats.resources >= 2);
    assert.equal(
      (await permit.api.environments.update("default", "production", { name: "Prod" })).name,
      "Prod",
    );
    assert.equal(
      (await permit.api.environments.getApiKey("default", "production")).environment_id,
      scope.environment_id,
    );
    await rejects(permit.api.projects.get("other"), 404);
    await rejects(permit.api.environments.delete("default", "production"), 400);
  });
});
