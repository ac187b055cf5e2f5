import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  findCycle,
  loadPolicyDocument,
  PolicyEngine,
  parsePermission,
  RoleCycleError,
} from "../src/index.ts";

function tutorial(): PolicyEngine {
  const engine = new PolicyEngine();
  loadPolicyDocument(engine, {
    resources: [
      { key: "task", name: "Task", actions: { get: {}, update: {}, delete: {} } },
      { key: "user", name: "User", actions: { get: {}, delete: {} } },
    ],
    roles: [
      { key: "viewer", name: "Viewer", permissions: ["task:get", "user:get"], extends: [] },
      { key: "editor", name: "Editor", permissions: ["task:update", "task:delete"], extends: ["viewer"] },
      { key: "admin", name: "Admin", permissions: ["user:delete"], extends: ["editor"] },
    ],
    tenants: [{ key: "acme", name: "Acme", attributes: { tier: "gold" } }],
    users: [{ key: "a" }, { key: "e" }, { key: "v" }],
    role_assignments: [
      { user: "a", role: "admin", tenant: "default" },
      { user: "e", role: "editor", tenant: "default" },
      { user: "e", role: "viewer", tenant: "acme" },
      { user: "v", role: "viewer", tenant: "acme" },
    ],
  });
  return engine;
}

describe("PolicyEngine", () => {
  it("keeps each user's tenant roles apart, from no roles to some and back to none", () => {
    const engine = tutorial();
    engine.upsertUser({ key: "n1" });
    engine.upsertUser({ key: "n2" });
    const get = { action: "get", resource: { type: "task", tenant: "acme" } };
    assert.equal(engine.assign({ user: "n1", role: "viewer", tenant: "acme" }), true);
    assert.equal(engine.check({ user: "n1", ...get }).allow, true);
    assert.equal(engine.check({ user: "n2", ...get }).reason, "no_role_in_tenant");
    assert.equal(engine.rolesOf("n2", "acme").size, 0);
    assert.equal(engine.unassign({ user: "n1", role: "viewer", tenant: "acme" }), true);
    assert.equal(engine.check({ user: "n1", ...get }).reason, "no_role_in_tenant");
    assert.equal(engine.assign({ user: "n2", role: "editor", tenant: "default" }), true);
    assert.equal(engine.check({ user: "n1", action: "update", resource: { type: "task" } }).allow, false);
    assert.equal(engine.check({ user: "n2", action: "update", resource: { type: "task" } }).allow, true);
    engine.replaceAssignments("n2", []);
    assert.equal(engine.check({ user: "n2", action: "update", resource: { type: "task" } }).allow, false);
    assert.equal(engine.assign({ user: "n1", role: "viewer", tenant: "acme" }), true);
    assert.deepEqual([...engine.assignmentsOf("n2").keys()], []);
    assert.deepEqual([...engine.assignmentsOf("n1").keys()], ["acme"]);
  });

  it("names the role that granted an allow", () => {
    const d = tutorial().check({ user: "a", action: "get", resource: { type: "task" } });
    assert.deepEqual(d, { allow: true, reason: "allowed", tenant: "default", grantedBy: "admin" });
  });

  it("rejects a role cycle and leaves the policy as it was", () => {
    const engine = tutorial();
    assert.throws(
      () =>
        engine.upsertRoles([
          { key: "viewer", name: "Viewer", permissions: ["task:get"], extends: ["admin"] },
        ]),
      (err: unknown) => err instanceof RoleCycleError && err.cycle.join(">") === "viewer>admin>editor>viewer",
    );
    assert.deepEqual(engine.getRole("viewer")?.extends, []);
    assert.equal(
      engine.check({ user: "v", action: "get", resource: { type: "task", tenant: "acme" } }).allow,
      true,
    );
  });

  it("finds cycles, including self-loops, and ignores edges to unknown roles", () => {
    assert.deepEqual(findCycle(new Map([["a", ["a"]]])), ["a", "a"]);
    assert.equal(findCycle(new Map([["a", ["ghost"]]])), undefined);
    assert.deepEqual(
      findCycle(
        new Map([
          ["a", ["b"]],
          ["b", ["c"]],
          ["c", ["a"]],
        ]),
      ),
      ["a", "b", "c", "a"],
    );
  });

  it("removing a role removes its assignments and the edges to it", () => {
    const engine = tutorial();
    engine.removeRole("editor");
    assert.deepEqual(engine.getRole("admin")?.extends, []);
    assert.equal(
      engine.check({ user: "e", action: "update", resource: { type: "task" } }).reason,
      "no_role_in_tenant",
    );
    assert.equal(
      engine.check({ user: "a", action: "update", resource: { type: "task" } }).reason,
      "no_permission",
    );
    assert.equal(engine.check({ user: "a", action: "delete", resource: { type: "user" } }).allow, true);
  });

  it("removing a tenant removes the roles held there", () => {
    const engine = tutorial();
    engine.removeTenant("acme");
    assert.equal(
      engine.check({ user: "v", action: "get", resource: { type: "task", tenant: "acme" } }).reason,
      "no_such_tenant",
    );
    assert.deepEqual([...engine.assignmentsOf("v").keys()], []);
    assert.equal(engine.stats().roleAssignments, 2);
  });

  it("removing a user removes them everywhere", () => {
    const engine = tutorial();
    engine.removeUser("e");
    assert.equal(
      engine.check({ user: "e", action: "get", resource: { type: "task" } }).reason,
      "user_not_synced",
    );
    assert.deepEqual(Object.keys(engine.authorizedUsers("get", { type: "task", tenant: "acme" }).users), [
      "v",
    ]);
  });

  it("assign and unassign report whether anything changed", () => {
    const engine = tutorial();
    assert.equal(engine.assign({ user: "v", role: "viewer", tenant: "acme" }), false);
    assert.equal(engine.assign({ user: "v", role: "editor", tenant: "acme" }), true);
    assert.equal(engine.unassign({ user: "v", role: "editor", tenant: "acme" }), true);
    assert.equal(engine.unassign({ user: "v", role: "editor", tenant: "acme" }), false);
    assert.equal(engine.assign({ user: "nobody", role: "editor", tenant: "acme" }), false);
  });

  it("replaceAssignments swaps a user's roles wholesale", () => {
    const engine = tutorial();
    engine.replaceAssignments("e", [{ role: "admin", tenant: "acme" }]);
    assert.deepEqual([...engine.rolesOf("e", "acme")], ["admin"]);
    assert.deepEqual([...engine.rolesOf("e", "default")], []);
    assert.deepEqual(Object.keys(engine.authorizedUsers("delete", { type: "user", tenant: "acme" }).users), [
      "e",
    ]);
  });

  it("userPermissions folds in inherited permissions and filters", () => {
    const engine = tutorial();
    const perms = engine.userPermissions("e");
    assert.deepEqual(Object.keys(perms).sort(), ["__tenant:acme", "__tenant:default"]);
    assert.deepEqual(perms["__tenant:default"], {
      tenant: { key: "default", attributes: {} },
      permissions: ["task:delete", "task:get", "task:update", "user:get"],
      roles: ["editor"],
    });
    assert.deepEqual(perms["__tenant:acme"]?.tenant, { key: "acme", attributes: { tier: "gold" } });
    assert.deepEqual(Object.keys(engine.userPermissions("e", { tenants: ["acme"] })), ["__tenant:acme"]);
    assert.deepEqual({ ...engine.userPermissions("e", { resourceTypes: ["task"] }) }, {});
    assert.deepEqual({ ...engine.userPermissions("ghost") }, {});
  });

  it("authorizedUsers lists who may act, through which role", () => {
    const result = tutorial().authorizedUsers("update", { type: "task", key: "9" });
    assert.equal(result.resource, "task:9");
    assert.equal(result.tenant, "default");
    assert.deepEqual(
      { ...result.users },
      {
        a: [{ user: "a", tenant: "default", resource: "__tenant:default", role: "admin" }],
        e: [{ user: "e", tenant: "default", resource: "__tenant:default", role: "editor" }],
      },
    );
    assert.deepEqual({ ...tutorial().authorizedUsers("fly", { type: "task" }).users }, {});
  });

  it("checkAllTenants lists the tenants where the action is allowed", () => {
    const tenants = tutorial()
      .checkAllTenants({ user: "e", action: "get", resource: { type: "task" } })
      .map((x) => x.tenant.key)
      .sort();
    assert.deepEqual(tenants, ["acme", "default"]);
  });

  it("an action removed from a resource is no longer granted", () => {
    const engine = tutorial();
    engine.upsertResource({ key: "task", name: "Task", actions: { get: {} } });
    assert.equal(
      engine.check({ user: "e", action: "delete", resource: { type: "task" } }).reason,
      "no_such_action",
    );
    assert.ok(!engine.userPermissions("e")["__tenant:default"]?.permissions.includes("task:delete"));
  });

  it("a user keyed __proto__ is an ordinary user", () => {
    const engine = tutorial();
    engine.upsertUser({ key: "__proto__" });
    engine.assign({ user: "__proto__", role: "viewer", tenant: "default" });
    assert.deepEqual(Object.keys(engine.authorizedUsers("get", { type: "task" }).users).sort(), [
      "__proto__",
      "a",
      "e",
    ]);
  });

  it("parses permissions strictly", () => {
    assert.deepEqual(parsePermission("task:get"), { resource: "task", action: "get" });
    for (const bad of ["task", ":get", "task:", "a:b:c", ""])
      assert.equal(parsePermission(bad), undefined, bad);
  });
});
