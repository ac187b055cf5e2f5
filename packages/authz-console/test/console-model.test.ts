/** The console's pure parts: role hierarchy, fragment keys, routes, the SSE parser, decision words. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { withQuery } from "../src/api/client.ts";
import { keyFromFragment } from "../src/auth/key-storage.ts";
import {
  cycleIfExtends,
  cycleIfParents,
  grantsOf,
  inheritedPermissions,
  type RoleLike,
} from "../src/model/hierarchy.ts";
import { explainDecision } from "../src/model/reasons.ts";
import { routeOf } from "../src/routing/router.ts";

const roles: RoleLike[] = [
  { key: "viewer", permissions: ["task:get"], extends: [] },
  { key: "editor", permissions: ["task:update", "task:get"], extends: ["viewer"] },
  { key: "admin", permissions: ["user:delete"], extends: ["editor"] },
  { key: "auditor", permissions: [], extends: ["viewer", "ghost"] },
];

describe("role hierarchy (client side)", () => {
  it("names the nearest role each inherited permission comes from", () => {
    const inherited = inheritedPermissions(roles);
    assert.deepEqual(Object.fromEntries(inherited.get("admin")!), {
      "task:update": "editor",
      "task:get": "editor",
    });
    assert.deepEqual(Object.fromEntries(inherited.get("editor")!), { "task:get": "viewer" });
    assert.equal(inherited.get("viewer")!.size, 0);
  });

  it("refuses edges that would close a cycle and shows the path", () => {
    assert.deepEqual(cycleIfExtends(roles, "viewer", "admin"), ["viewer", "admin", "editor", "viewer"]);
    assert.deepEqual(cycleIfExtends(roles, "viewer", "viewer"), ["viewer", "viewer"]);
    assert.equal(cycleIfExtends(roles, "admin", "auditor"), undefined);
    assert.deepEqual(cycleIfParents(roles, "viewer", ["auditor"]), ["viewer", "auditor", "viewer"]);
    assert.equal(cycleIfParents(roles, "editor", ["viewer", "auditor"]), undefined);
    assert.equal(cycleIfParents(roles, "brand-new", ["admin"]), undefined);
  });

  it("lists what deleting a resource or an action takes away", () => {
    assert.deepEqual(grantsOf(roles, "task"), [
      { role: "viewer", permissions: ["task:get"] },
      { role: "editor", permissions: ["task:update", "task:get"] },
    ]);
    assert.deepEqual(grantsOf(roles, "task", "update"), [{ role: "editor", permissions: ["task:update"] }]);
    assert.deepEqual(grantsOf(roles, "document"), []);
  });

  it("reads permissions and cycles as the engine does", () => {
    // The engine takes `resource:action` with exactly one colon; the console's old parser took
    // `task:get:x` as action `get:x` and so disagreed about what deleting `task` removes.
    const odd = [{ key: "odd", permissions: ["task:get:x", ":get", "task:"], extends: [] }];
    assert.deepEqual(grantsOf(odd, "task"), []);
    // A loop through three roles is named from the role being edited, along `extends`.
    const chain = [
      { key: "a", permissions: [], extends: ["b"] },
      { key: "b", permissions: [], extends: ["c"] },
      { key: "c", permissions: [], extends: [] },
    ];
    assert.deepEqual(cycleIfExtends(chain, "c", "a"), ["c", "a", "b", "c"]);
    assert.deepEqual(cycleIfExtends(chain, "b", "a"), ["b", "a", "b"]);
    assert.equal(cycleIfExtends(chain, "a", "c"), undefined);
  });
});

describe("small parts", () => {
  it("reads the key from a #key= fragment", () => {
    assert.equal(keyFromFragment("#key=permit_key_abc"), "permit_key_abc");
    assert.equal(keyFromFragment("#other=1&key=k%2B1"), "k+1");
    assert.equal(keyFromFragment("#main"), undefined);
    assert.equal(keyFromFragment(""), undefined);
  });

  it("maps addresses to pages", () => {
    assert.deepEqual(routeOf("/"), { page: "policy" });
    assert.deepEqual(routeOf("/users"), { page: "users" });
    assert.deepEqual(routeOf("/users/auth0%7Cabc%40x"), { page: "user", key: "auth0|abc@x" });
    assert.deepEqual(routeOf("/tenants/acme"), { page: "tenant", key: "acme" });
    assert.deepEqual(routeOf("/users/%E0%A4%A"), { page: "not-found" });
    assert.deepEqual(routeOf("/nope/x/y"), { page: "not-found" });
  });

  it("builds queries without empty values", () => {
    assert.equal(withQuery("/u", { search: "", page: 2, role: undefined, x: true }), "/u?page=2&x=true");
    assert.equal(withQuery("/u", { search: "a b&c" }), "/u?search=a+b%26c");
  });

  it("explains decisions in words", () => {
    const base = { user: "ann", action: "delete", resource: "task", tenant: "default" };
    assert.match(
      explainDecision({ ...base, allow: true, reason: "allowed", grantedBy: "editor" }),
      /role “editor” in tenant “default” grants task:delete/,
    );
    assert.match(
      explainDecision({ ...base, allow: false, reason: "no_role_in_tenant" }),
      /has no role in tenant/,
    );
    assert.match(
      explainDecision({ ...base, allow: false, reason: "something_new" }),
      /Denied \(something_new\)/,
    );
  });
});
