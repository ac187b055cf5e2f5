/** ReBAC and ABAC through the engine's other calls, and incremental writes that take access away. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadDecisionCases } from "../cases/decision-cases.ts";
import { loadPolicyDocument, PolicyEngine } from "../src/index.ts";

function contractEngine(): PolicyEngine {
  const file = loadDecisionCases().find((f) => f.file === "rebac.json")!;
  const engine = new PolicyEngine();
  loadPolicyDocument(engine, file.policy);
  return engine;
}

const check = (e: PolicyEngine, user: string, action: string, type: string, key?: string, tenant = "acme") =>
  e.check({ user, action, resource: { type, key, tenant } }).allow;

describe("ReBAC through the engine", () => {
  it("lists instance entries beside tenant entries in user permissions", () => {
    const e = contractEngine();
    const perms = e.userPermissions("u1");
    assert.deepEqual(Object.keys(perms).sort(), ["document:d1", "document:d2", "folder:deep", "folder:sub"]);
    assert.deepEqual(perms["document:d1"], {
      resource: { key: "d1", type: "document", attributes: {} },
      tenant: { key: "acme", attributes: {} },
      permissions: ["document:edit", "document:read"],
      roles: ["editor"],
    });
    assert.deepEqual(Object.keys(e.userPermissions("u1", { resources: ["document:d1"] })), ["document:d1"]);
    assert.deepEqual(Object.keys(e.userPermissions("u1", { resourceTypes: ["__tenant"] })), []);
    assert.deepEqual(Object.keys(e.userPermissions("u1", { resourceTypes: ["folder"] })).sort(), [
      "folder:deep",
      "folder:sub",
    ]);
    assert.deepEqual(Object.keys(e.userPermissions("u1", { tenants: ["globex"] })), []);
    const u4 = e.userPermissions("u4");
    assert.deepEqual(Object.keys(u4), ["__tenant:acme"]);
  });

  it("names instance roles in authorized users, direct and derived", () => {
    const e = contractEngine();
    const got = e.authorizedUsers("edit", { type: "document", key: "d2", tenant: "acme" });
    assert.deepEqual(Object.keys(got.users).sort(), ["u1", "u2", "u4"]);
    assert.deepEqual(got.users.u1, [{ user: "u1", tenant: "acme", resource: "document:d2", role: "editor" }]);
    assert.deepEqual(got.users.u4, [
      { user: "u4", tenant: "acme", resource: "__tenant:acme", role: "doc_admin" },
    ]);
    const owner = e.authorizedUsers("delete", { type: "document", key: "d1", tenant: "acme" });
    assert.deepEqual(Object.keys(owner.users).sort(), ["u3", "u4"]);
  });

  it("finds the instance's tenant in checkAllTenants", () => {
    const e = contractEngine();
    const tenants = e.checkAllTenants({
      user: "u1",
      action: "edit",
      resource: { type: "document", key: "d1" },
    });
    assert.deepEqual(
      tenants.map((t) => t.tenant.key),
      ["acme"],
    );
  });

  it("takes access away when an instance, relation, resource role or user goes", () => {
    let e = contractEngine();
    e.removeInstance("folder", "deep");
    assert.equal(check(e, "u1", "edit", "document", "d2"), false);
    assert.equal(check(e, "u1", "edit", "document", "d1"), true);
    e.removeInstance("folder", "sub");
    assert.equal(check(e, "u1", "edit", "document", "d1"), false);
    assert.equal(e.userPermissions("u1")["folder:sub"], undefined);

    e = contractEngine();
    e.removeRelation("document", "parent");
    assert.equal(check(e, "u1", "edit", "document", "d1"), false);
    assert.equal(check(e, "u1", "edit", "folder", "deep"), true);
    assert.equal(e.rebac.hasTuple("folder:sub", "parent", "document:d1"), false);

    e = contractEngine();
    e.removeResourceRole("folder", "editor");
    assert.equal(check(e, "u1", "edit", "folder", "sub"), false);
    assert.equal(check(e, "u1", "edit", "document", "d1"), false);
    assert.equal(e.stats().instanceRoleAssignments, 1); // u3's owner role is left

    e = contractEngine();
    e.removeUser("u1");
    assert.equal(
      e.authorizedUsers("edit", { type: "document", key: "d1", tenant: "acme" }).users.u1,
      undefined,
    );

    e = contractEngine();
    e.removeTenant("acme");
    assert.equal(e.rebac.stats().instances, 1);
    assert.equal(e.rebac.stats().tuples, 0);
  });

  it("adds access back when a tuple is added, without reloading", () => {
    const e = contractEngine();
    assert.equal(check(e, "u1", "edit", "document", "d3"), false);
    assert.ok(e.addTuple({ subject: "folder:deep", relation: "parent", object: "document:d3" }));
    assert.equal(check(e, "u1", "edit", "document", "d3"), true);
    assert.equal(e.addTuple({ subject: "folder:deep", relation: "parent", object: "document:d3" }), false);
    assert.equal(e.addTuple({ subject: "folder:ghost", relation: "parent", object: "document:d3" }), false);
  });

  it("explains a ReBAC deny", () => {
    const e = contractEngine();
    assert.equal(
      e.check({ user: "u3", action: "delete", resource: { type: "document", key: "d1", tenant: "default" } })
        .path,
      "document:d1 is in tenant acme, not default",
    );
    assert.equal(
      e.check({ user: "u1", action: "edit", resource: { type: "folder", key: "nope", tenant: "acme" } }).path,
      "no instance folder:nope",
    );
  });
});

describe("ABAC through the engine", () => {
  function abacEngine(): PolicyEngine {
    const file = loadDecisionCases().find((f) => f.file === "abac.json")!;
    const e = new PolicyEngine();
    loadPolicyDocument(e, file.policy);
    return e;
  }

  it("decides row 38 in one bulk check", () => {
    const e = abacEngine();
    const got = e.bulkCheck([
      { user: "u1", action: "edit", resource: { type: "document", key: "d1", tenant: "acme" } },
      {
        user: "u1",
        action: "read",
        resource: { type: "report", tenant: "acme", attributes: { owner_dept: "ops" } },
      },
      {
        user: "u1",
        action: "read",
        resource: { type: "report", tenant: "acme", attributes: { owner_dept: "eng" } },
      },
      { user: "u1", action: "delete", resource: { type: "document", key: "d1", tenant: "acme" } },
    ]);
    assert.deepEqual(
      got.map((d) => d.allow),
      [true, true, true, false],
    );
  });

  it("authorizedUsers lists ABAC grants only when asked, naming the user set", () => {
    const e = abacEngine();
    e.upsertConditionSet({
      key: "senior",
      name: "x",
      type: "userset",
      conditions: { "user.level": { "greater-than": 7 } },
    });
    e.addSetRule({ user_set: "senior", permission: "report:read", resource_set: "__autogen_report" });
    e.upsertUser({ key: "senior-1", attributes: { level: 9 } });
    e.upsertUser({ key: "junior-1", attributes: { level: 2 } });
    const report = { type: "report", tenant: "acme" };
    assert.equal(
      e.authorizedUsers("read", report).users["senior-1"],
      undefined,
      "RBAC and ReBAC only by default",
    );
    const got = e.authorizedUsers("read", report, { abac: true });
    assert.deepEqual(got.users["senior-1"], [
      { user: "senior-1", tenant: "acme", resource: "report:*", role: "senior" },
    ]);
    assert.equal(got.users["junior-1"], undefined);
    // Every listed user is one the check allows, and every allowed user is listed.
    for (const user of ["senior-1", "junior-1", "u1", "u5", "u6", "u7"]) {
      const allowed = e.check({ user, action: "read", resource: report }).allow;
      assert.equal(Object.hasOwn(got.users, user), allowed, user);
    }
  });

  it("a child set matches only when its parent does", () => {
    const e = abacEngine();
    e.upsertConditionSet({
      key: "eng_senior",
      name: "x",
      type: "userset",
      parent: "eng",
      conditions: { "user.level": { "greater-than": 7 } },
    });
    e.addSetRule({ user_set: "eng_senior", permission: "report:read", resource_set: "__autogen_report" });
    e.upsertUser({ key: "a", attributes: { dept: "eng", level: 8 } });
    e.upsertUser({ key: "b", attributes: { dept: "ops", level: 8 } });
    assert.equal(check(e, "a", "read", "report"), true);
    assert.equal(check(e, "b", "read", "report"), false);
    assert.equal(e.abac.parentCycle("eng", "eng_senior"), true);
    e.removeConditionSet("eng_senior");
    assert.equal(check(e, "a", "read", "report"), false);
  });

  it("stored attribute updates change the next decision", () => {
    const e = abacEngine();
    assert.equal(check(e, "u7", "read", "report", "r1"), false);
    e.upsertUser({ key: "u7", attributes: { dept: "eng" } });
    assert.equal(check(e, "u7", "read", "report", "r1"), true);
    e.upsertInstance({
      resource: "report",
      key: "r1",
      tenant: "acme",
      attributes: { owner_dept: "ops", level: 9 },
    });
    assert.equal(check(e, "u7", "read", "report", "r1"), false);
    e.removeSetRule({ user_set: "eng", permission: "report:read", resource_set: "eng_reports" });
    e.upsertInstance({ resource: "report", key: "r1", tenant: "acme", attributes: { owner_dept: "eng" } });
    assert.equal(check(e, "u7", "read", "report", "r1"), false);
  });

  it("a resourceset only matches its bound type", () => {
    const e = abacEngine();
    e.addSetRule({ user_set: "eng", permission: "document:read", resource_set: "eng_reports" });
    assert.equal(
      e.check({
        user: "u6",
        action: "read",
        resource: { type: "document", tenant: "acme", attributes: { owner_dept: "eng" } },
      }).allow,
      false,
    );
  });

  it("reads tenant attributes only for members, and the request context", () => {
    const e = abacEngine();
    e.upsertTenant({ key: "acme", name: "Acme", attributes: { plan: "pro" } });
    e.upsertConditionSet({
      key: "pro",
      name: "x",
      type: "userset",
      conditions: { "tenant.plan": { equals: "pro" } },
    });
    e.upsertConditionSet({
      key: "office",
      name: "x",
      type: "userset",
      conditions: { "context.ip": { equals: "10.0.0.1" } },
    });
    e.addSetRule({ user_set: "pro", permission: "document:read", resource_set: "__autogen_document" });
    e.addSetRule({ user_set: "office", permission: "document:edit", resource_set: "__autogen_document" });
    assert.equal(check(e, "u5", "read", "document"), true); // member of acme
    assert.equal(check(e, "u6", "read", "document"), false); // not a member
    assert.equal(
      e.check({
        user: "u6",
        action: "edit",
        resource: { type: "document", tenant: "acme" },
        context: { ip: "10.0.0.1" },
      }).allow,
      true,
    );
  });
});
