/**
 * The ReBAC index's compact layout: instance records and links by index, users' direct roles in
 * blocks. Each case reaches a branch the common two-hop check does not: several subjects of one
 * relation, a type's third relation, blocks that overflow, indexes reused, arrays that grow.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DirectRoles } from "../src/direct-roles.ts";
import { PolicyEngine } from "../src/index.ts";

function folderEngine(): PolicyEngine {
  const e = new PolicyEngine();
  e.upsertTenant({ key: "acme", name: "Acme" });
  e.upsertTenant({ key: "globex", name: "Globex" });
  e.upsertResource({ key: "folder", name: "Folder", actions: { read: {}, edit: {} } });
  e.upsertResource({ key: "document", name: "Document", actions: { read: {}, edit: {} } });
  for (const key of ["parent", "owner_folder", "archive"])
    e.upsertRelation({ resource: "document", key, name: key, subject_resource: "folder" });
  e.upsertRelation({ resource: "folder", key: "parent", name: "parent", subject_resource: "folder" });
  e.upsertResourceRole({
    resource: "folder",
    key: "editor",
    name: "Editor",
    permissions: ["read", "edit"],
    granted_to: {
      users_with_role: [{ role: "editor", on_resource: "folder", linked_by_relation: "parent" }],
    },
  });
  e.upsertResourceRole({
    resource: "document",
    key: "editor",
    name: "Editor",
    permissions: ["read", "edit"],
    // `archive` is the document type's third relation: its links are not in the instance record.
    granted_to: {
      users_with_role: [
        { role: "editor", on_resource: "folder", linked_by_relation: "parent" },
        { role: "editor", on_resource: "folder", linked_by_relation: "archive" },
      ],
    },
  });
  e.upsertUser({ key: "ann" });
  e.upsertUser({ key: "bob" });
  return e;
}

const add = (e: PolicyEngine, resource: string, key: string, tenant = "acme") =>
  e.upsertInstance({ resource, key, tenant });
const edit = (e: PolicyEngine, user: string, key: string, tenant = "acme") =>
  e.check({ user, action: "edit", resource: { type: "document", key, tenant } });

describe("ReBAC layout", () => {
  it("follows every subject when a relation has several, and spells the path of the one that grants", () => {
    const e = folderEngine();
    for (const f of ["a", "b", "c"]) add(e, "folder", f);
    add(e, "document", "d");
    for (const f of ["a", "b", "c"])
      e.addTuple({ subject: `folder:${f}`, relation: "parent", object: "document:d" });
    e.assign({ user: "ann", role: "editor", tenant: "acme", resource_instance: "folder:c" });
    assert.equal(edit(e, "ann", "d").path, "derived: folder:c → parent → document:d");
    // Back to one subject: the link is inline again and still right.
    e.removeTuple({ subject: "folder:a", relation: "parent", object: "document:d" });
    e.removeTuple({ subject: "folder:b", relation: "parent", object: "document:d" });
    assert.equal(edit(e, "ann", "d").allow, true);
    e.removeTuple({ subject: "folder:c", relation: "parent", object: "document:d" });
    assert.equal(edit(e, "ann", "d").allow, false);
  });

  it("derives through a type's third relation", () => {
    const e = folderEngine();
    add(e, "folder", "old");
    add(e, "document", "d");
    e.addTuple({ subject: "folder:old", relation: "archive", object: "document:d" });
    e.assign({ user: "ann", role: "editor", tenant: "acme", resource_instance: "folder:old" });
    assert.equal(edit(e, "ann", "d").path, "derived: folder:old → archive → document:d");
  });

  it("does not cross tenants on a hop", () => {
    const e = folderEngine();
    add(e, "folder", "top", "globex");
    add(e, "document", "d");
    e.addTuple({ subject: "folder:top", relation: "parent", object: "document:d" });
    e.assign({ user: "ann", role: "editor", tenant: "globex", resource_instance: "folder:top" });
    assert.equal(edit(e, "ann", "d").allow, false);
    e.upsertInstance({ resource: "folder", key: "top", tenant: "acme" });
    assert.equal(edit(e, "ann", "d").allow, true);
  });

  it("keeps a user's roles past a block's four pairs, in assignment order", () => {
    const e = folderEngine();
    for (let i = 0; i < 7; i++) {
      add(e, "folder", `f${i}`);
      add(e, "document", `d${i}`);
      e.addTuple({ subject: `folder:f${i}`, relation: "parent", object: `document:d${i}` });
      e.assign({ user: "ann", role: "editor", tenant: "acme", resource_instance: `folder:f${i}` });
    }
    for (let i = 0; i < 7; i++) assert.equal(edit(e, "ann", `d${i}`).allow, true, `d${i}`);
    assert.equal(e.stats().instanceRoleAssignments, 7);
    const listed = Object.keys(e.userPermissions("ann")).filter((k) => k.startsWith("folder:"));
    assert.deepEqual(listed, [
      "folder:f0",
      "folder:f1",
      "folder:f2",
      "folder:f3",
      "folder:f4",
      "folder:f5",
      "folder:f6",
    ]);
    e.unassign({ user: "ann", role: "editor", tenant: "acme", resource_instance: "folder:f5" });
    assert.equal(edit(e, "ann", "d5").allow, false);
    assert.equal(edit(e, "ann", "d6").allow, true);
  });

  it("gives a removed instance's index to a new one without its links or holders", () => {
    const e = folderEngine();
    add(e, "folder", "top");
    add(e, "document", "d");
    e.addTuple({ subject: "folder:top", relation: "parent", object: "document:d" });
    e.assign({ user: "ann", role: "editor", tenant: "acme", resource_instance: "folder:top" });
    e.removeInstance("document", "d");
    e.removeInstance("folder", "top");
    assert.equal(e.stats().instanceRoleAssignments, 0);
    add(e, "folder", "fresh");
    add(e, "document", "e");
    assert.equal(edit(e, "ann", "e").allow, false);
    assert.deepEqual(Object.keys(e.userPermissions("ann")), []);
    e.addTuple({ subject: "folder:fresh", relation: "parent", object: "document:e" });
    assert.equal(edit(e, "ann", "e").allow, false);
  });

  it("drops a removed user's roles so the next user given their id holds none", () => {
    const e = folderEngine();
    add(e, "folder", "top");
    add(e, "document", "d");
    e.addTuple({ subject: "folder:top", relation: "parent", object: "document:d" });
    e.assign({ user: "ann", role: "editor", tenant: "acme", resource_instance: "folder:top" });
    e.removeUser("ann");
    e.upsertUser({ key: "cy" });
    assert.equal(edit(e, "cy", "d").allow, false);
    assert.deepEqual(
      Object.keys(e.authorizedUsers("edit", { type: "document", key: "d", tenant: "acme" }).users),
      [],
    );
  });

  it("grows its arrays past the first thousand instances and users", () => {
    const e = folderEngine();
    add(e, "folder", "top");
    for (let i = 0; i < 3000; i++) {
      add(e, "folder", `s${i}`);
      e.addTuple({ subject: "folder:top", relation: "parent", object: `folder:s${i}` });
      add(e, "document", `d${i}`);
      e.addTuple({ subject: `folder:s${i}`, relation: "parent", object: `document:d${i}` });
    }
    for (let u = 0; u < 1500; u++) e.upsertUser({ key: `u${u}` });
    e.assign({ user: "u1499", role: "editor", tenant: "acme", resource_instance: "folder:top" });
    assert.equal(
      edit(e, "u1499", "d2999").path,
      "derived: folder:top → parent → folder:s2999 → parent → document:d2999",
    );
    assert.equal(edit(e, "u1498", "d2999").allow, false);
  });
});

describe("DirectRoles", () => {
  it("answers holds and holdsAny per user, keeping an instance's pairs together", () => {
    const d = new DirectRoles();
    assert.equal(d.add(3, 10, 1), true);
    assert.equal(d.add(3, 11, 1), true);
    assert.equal(d.add(3, 10, 2), true);
    assert.equal(d.add(3, 10, 2), false);
    assert.deepEqual(d.pairs(3), [10, 1, 10, 2, 11, 1]);
    assert.equal(d.holds(3, 10, 2), true);
    assert.equal(d.holds(3, 11, 2), false);
    assert.equal(d.holdsAny(3, 11), true);
    assert.equal(d.holdsAny(4, 11), false);
    assert.equal(d.holds(99_999, 10, 1), false);
    assert.equal(d.removeInstance(3, 10), 2);
    assert.deepEqual(d.pairs(3), [11, 1]);
    assert.equal(d.size, 1);
  });

  it("overflows past four pairs and shrinks back", () => {
    const d = new DirectRoles();
    for (let i = 0; i < 6; i++) d.add(0, i, 7);
    assert.equal(d.holds(0, 5, 7), true);
    assert.equal(d.holdsAny(0, 4), true);
    assert.equal(d.size, 6);
    assert.equal(d.remove(0, 5, 7), true);
    assert.equal(d.remove(0, 4, 7), true);
    assert.deepEqual(d.pairs(0), [0, 7, 1, 7, 2, 7, 3, 7]);
    assert.equal(d.holds(0, 3, 7), true);
    d.set(0, []);
    assert.equal(d.holdsSome(0), false);
    assert.equal(d.size, 0);
  });

  it("keeps thousands of one user's roles (an owner of many tasks) in order, answering each", () => {
    const d = new DirectRoles();
    const n = 20_000;
    for (let ix = 0; ix < n; ix++) assert.equal(d.add(1, ix, ix % 3), true);
    // A second role on an early instance goes beside its first, as in a block.
    assert.equal(d.add(1, 5, 9), true);
    assert.equal(d.add(1, 5, 9), false);
    assert.equal(d.size, n + 1);
    for (let ix = 0; ix < n; ix += 997) {
      assert.equal(d.holds(1, ix, ix % 3), true);
      assert.equal(d.holds(1, ix, (ix + 1) % 3), false);
      assert.equal(d.holdsAny(1, ix), true);
    }
    assert.equal(d.holdsAny(1, n), false);
    assert.deepEqual(d.pairs(1).slice(0, 14), [0, 0, 1, 1, 2, 2, 3, 0, 4, 1, 5, 2, 5, 9]);
    assert.equal(d.removeInstance(1, 5), 2);
    assert.equal(d.remove(1, 7, 1), true);
    assert.equal(d.remove(1, 7, 1), false);
    assert.equal(d.holdsAny(1, 7), false);
    assert.equal(d.size, n - 2);
    // Back under a block's worth: the pairs return to the block, in order.
    for (let ix = n - 1; ix >= 4; ix--) if (ix !== 5 && ix !== 7) d.removeInstance(1, ix);
    assert.deepEqual(d.pairs(1), [0, 0, 1, 1, 2, 2, 3, 0]);
    assert.equal(d.size, 4);
    assert.equal(d.holds(1, 3, 0), true);
    assert.equal(d.add(1, 4, 4), true);
    assert.deepEqual(d.pairs(1), [0, 0, 1, 1, 2, 2, 3, 0, 4, 4]);
    assert.equal(d.holds(1, 4, 4), true);
  });
});
