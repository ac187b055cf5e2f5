/**
 * Storage contract, part 4: the filters of Permit's user and role assignment lists. A search term
 * at the start or end of a key, email or name (wildcards still literal); users holding no role at
 * all; role and tenant filters that see resource roles on instances; ids read back as keys; and
 * resource roles named by id, each only on its own type.
 */
import assert from "node:assert/strict";
import { before, it } from "node:test";
import { keysOfIds, resourceRolesOfIds } from "../../src/storage/ids-to-keys.ts";
import * as ira from "../../src/storage/instance-assignments.ts";
import * as assignments from "../../src/storage/role-assignments.ts";
import * as roles from "../../src/storage/roles.ts";
import * as objects from "../../src/storage/schema-objects.ts";
import * as tenants from "../../src/storage/tenants.ts";
import * as users from "../../src/storage/users.ts";
import { forEachStore } from "./drivers.ts";
import { assignment, instanceAssignment, role, schemaObject, tenant, user } from "./records.ts";

const alice = user("alice", { email: "alice@corp.test", first_name: "Ann", last_name: "Lee" });
const bob = user("bob_x", { email: "bob@home.test", first_name: "Bob", last_name: "Corp" });
const carol = user("carol%", { email: null });
const dave = user("dave", { email: "dave@corp.test" });
const acme = tenant("acme");
const beta = tenant("beta");
const viewer = role("viewer");
const folderEditor = schemaObject("resource_role", "folder", "editor", {});
const docEditor = schemaObject("resource_role", "doc", "editor", {});

type Store = Parameters<typeof users.listUsers>[0];
const keys = async (store: Store, q: Omit<users.UserQuery, "page" | "perPage">) =>
  (await users.listUsers(store, { ...q, page: 1, perPage: 100 })).data.map((u) => u.key).sort();

forEachStore("storage contract: list filters", ({ opened, skip }) => {
  before(async () => {
    if (skip) return;
    const { db } = opened().store;
    for (const u of [alice, bob, carol, dave]) await users.insertUser(db, u);
    for (const t of [acme, beta]) await tenants.insertTenant(db, t);
    await roles.insertRole(db, viewer);
    for (const o of [folderEditor, docEditor]) await objects.insertSchemaObject(db, o);
    await assignments.insertAssignment(db, assignment("alice", "viewer", "acme"));
    await ira.insertInstanceAssignment(db, instanceAssignment("bob_x", "editor", "folder:f1", "beta"));
    await ira.insertInstanceAssignment(db, instanceAssignment("dave", "editor", "doc:d1", "acme"));
  });

  it("search at the start or at the end of key, email and names; wildcards stay literal", {
    skip,
  }, async () => {
    const { store } = opened();
    assert.deepEqual(await keys(store, { search: "b", match: "startswith" }), ["bob_x"]);
    assert.deepEqual(await keys(store, { search: "CORP", match: "startswith" }), ["bob_x"]);
    assert.deepEqual(await keys(store, { search: "corp.test", match: "endswith" }), ["alice", "dave"]);
    assert.deepEqual(await keys(store, { search: "corp", match: "contains" }), ["alice", "bob_x", "dave"]);
    assert.deepEqual(await keys(store, { search: "_x", match: "endswith" }), ["bob_x"]);
    assert.deepEqual(await keys(store, { search: "%", match: "endswith" }), ["carol%"]);
    assert.deepEqual(await keys(store, { search: "%", match: "startswith" }), []);
    assert.deepEqual(await keys(store, { search: "b_", match: "startswith" }), []);
  });

  it("users without any role; role and tenant filters see resource roles on instances", {
    skip,
  }, async () => {
    const { store } = opened();
    assert.deepEqual(await keys(store, { withoutRoles: true }), ["carol%"]);
    assert.deepEqual(await keys(store, { withoutRoles: true, search: "c" }), ["carol%"]);
    assert.deepEqual(await keys(store, { role: "editor" }), ["bob_x", "dave"]);
    assert.deepEqual(await keys(store, { tenant: "acme" }), ["alice", "dave"]);
    assert.deepEqual(await keys(store, { tenant: "acme", role: "editor" }), ["dave"]);
    assert.deepEqual(await keys(store, { tenant: "beta", role: "viewer" }), []);
    const page = await users.listUsers(store, { role: "editor", page: 1, perPage: 1 });
    assert.equal(page.total_count, 2);
    assert.equal(page.page_count, 2);
  });

  it("ids read back as keys; values that are no id add nothing", { skip }, async () => {
    const { db } = opened().store;
    assert.deepEqual((await keysOfIds(db, "users", [alice.id, "alice", "no-such-id"])).sort(), ["alice"]);
    assert.deepEqual(await keysOfIds(db, "tenants", [beta.id]), ["beta"]);
    assert.deepEqual(await keysOfIds(db, "roles", [viewer.id, folderEditor.id]), ["viewer"]);
    assert.deepEqual(await resourceRolesOfIds(db, [folderEditor.id, viewer.id, "editor"]), [
      { role: "editor", resource: "folder" },
    ]);
    assert.deepEqual(await keysOfIds(db, "users", []), []);
  });

  it("a resource role named by id matches only on its own type", { skip }, async () => {
    const { db } = opened().store;
    const list = async (q: Omit<ira.InstanceAssignmentQuery, "page" | "perPage">) =>
      (await ira.listInstanceAssignments(db, { ...q, page: 1, perPage: 10 })).data.map((a) => a.user).sort();
    assert.deepEqual(await list({ roleOnResource: [{ role: "editor", resource: "folder" }] }), ["bob_x"]);
    assert.deepEqual(await list({ role: ["editor"] }), ["bob_x", "dave"]);
    assert.deepEqual(
      await list({ role: ["viewer"], roleOnResource: [{ role: "editor", resource: "doc" }] }),
      ["dave"],
    );
    assert.deepEqual(await list({ roleOnResource: [{ role: "editor", resource: "fold" }] }), []);
    assert.deepEqual(await list({ resource: "doc" }), ["dave"]);
  });
});
