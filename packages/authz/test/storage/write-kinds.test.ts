/**
 * Storage contract, part 1: every kind of write the store supports, read back the same on every
 * driver. Each kind is written, read by key and by id, updated, rejected when it would duplicate a
 * unique key, and deleted with what the store deletes alongside it.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import * as ira from "../../src/storage/instance-assignments.ts";
import * as instances from "../../src/storage/instances.ts";
import { getMeta, insertMetaIfAbsent, setMeta } from "../../src/storage/meta.ts";
import type { SchemaObjectRecord } from "../../src/storage/records.ts";
import * as resources from "../../src/storage/resources.ts";
import * as assignments from "../../src/storage/role-assignments.ts";
import * as roles from "../../src/storage/roles.ts";
import * as objects from "../../src/storage/schema-objects.ts";
import * as tenants from "../../src/storage/tenants.ts";
import * as tuples from "../../src/storage/tuples.ts";
import * as users from "../../src/storage/users.ts";
import { forEachStore } from "./drivers.ts";
import {
  AT,
  assignment,
  instance,
  instanceAssignment,
  LATER,
  RICH_ATTRIBUTES,
  resource,
  role,
  schemaObject,
  tenant,
  tuple,
  user,
} from "./records.ts";

forEachStore("storage contract: write kinds", ({ opened, skip }) => {
  const db = () => opened().store.db;

  it("meta: set, overwrite, insert-if-absent keeps the first value", { skip }, async () => {
    assert.equal(await getMeta(db(), "absent"), undefined);
    await setMeta(db(), "k", "one");
    await setMeta(db(), "k", "two");
    await insertMetaIfAbsent(db(), "k", "three");
    await insertMetaIfAbsent(db(), "fresh", "first");
    assert.equal(await getMeta(db(), "k"), "two");
    assert.equal(await getMeta(db(), "fresh"), "first");
  });

  it("users: insert, read by key and id, update, JSON kept exactly, unique key", { skip }, async () => {
    const u = user("ada", { first_name: "Ada", last_name: null, attributes: RICH_ATTRIBUTES });
    await users.insertUser(db(), u);
    assert.deepEqual(await users.getUser(db(), "ada"), u);
    assert.deepEqual(await users.getUser(db(), u.id), u);
    assert.equal(await users.getUser(db(), "nobody"), undefined);
    const updated = { ...u, email: null, last_name: "Lovelace", attributes: { n: 1 }, updated_at: LATER };
    await users.updateUser(db(), updated);
    assert.deepEqual(await users.getUser(db(), "ada"), updated);
    await assert.rejects(users.insertUser(db(), user("ada")));
    assert.deepEqual(await users.getUser(db(), "ada"), updated, "a rejected duplicate changes nothing");
  });

  it("users: by many keys and deleted many at once, across in-list chunks", { skip }, async () => {
    const keys = Array.from({ length: 1234 }, (_, i) => `bulk-${i}`);
    await opened().store.transaction(async (tx) => {
      for (const key of keys) await users.insertUser(tx, user(key));
      await assignments.insertAssignment(tx, assignment("bulk-0", "r", "t"));
      await assignments.insertAssignment(tx, assignment("bulk-1233", "r", "t"));
    });
    const found = await users.getUsersByKey(db(), [...keys, "missing"]);
    assert.deepEqual(found.map((u) => u.key).sort(), [...keys].sort());
    await users.deleteUsers(db(), keys);
    assert.deepEqual(await users.getUsersByKey(db(), keys), []);
    const left = await assignments.assignmentsOfUsers(db(), ["bulk-0", "bulk-1233"]);
    assert.deepEqual(left, [], "deleting users deletes their role assignments");
  });

  it("tenants: insert, insert-if-absent, update, delete with their role assignments", { skip }, async () => {
    const t = tenant("acme", { description: "Acme Inc.", attributes: RICH_ATTRIBUTES });
    await tenants.insertTenant(db(), t);
    await tenants.insertTenantIfAbsent(db(), tenant("acme", { name: "Other" }));
    assert.deepEqual(await tenants.getTenant(db(), "acme"), t);
    assert.deepEqual(await tenants.getTenant(db(), t.id), t);
    await assert.rejects(tenants.insertTenant(db(), tenant("acme")));
    const updated = { ...t, name: "Acme 2", description: null, attributes: {}, updated_at: LATER };
    await tenants.updateTenant(db(), updated);
    assert.deepEqual(await tenants.getTenant(db(), "acme"), updated);
    await tenants.insertTenant(db(), tenant("keep"));
    await assignments.insertAssignment(db(), assignment("u", "viewer", "acme"));
    await assignments.insertAssignment(db(), assignment("u", "viewer", "keep"));
    await tenants.deleteTenant(db(), "acme");
    assert.equal(await tenants.getTenant(db(), "acme"), undefined);
    const left = await assignments.assignmentsOfUsers(db(), ["u"]);
    assert.deepEqual(
      left.map((a) => a.tenant),
      ["keep"],
    );
    assert.ok((await tenants.allTenants(db())).some((x) => x.key === "keep"));
  });

  it("roles: permissions and extends kept in order, listed oldest first", { skip }, async () => {
    const viewer = role("viewer", { permissions: ["doc:read", "doc:list"], attributes: { level: 1 } });
    const editor = role("editor", {
      permissions: ["doc:write"],
      extends: ["viewer"],
      description: "Edits",
      created_at: LATER,
    });
    await roles.insertRole(db(), editor);
    await roles.insertRole(db(), viewer);
    assert.deepEqual(await roles.getRole(db(), "editor"), editor);
    assert.deepEqual(await roles.getRole(db(), viewer.id), viewer);
    assert.deepEqual(
      (await roles.listRoles(db())).map((r) => r.key),
      ["viewer", "editor"],
    );
    await assert.rejects(roles.insertRole(db(), role("viewer")));
    const updated = { ...editor, permissions: [], extends: [], updated_at: LATER };
    await roles.updateRole(db(), updated);
    assert.deepEqual(await roles.getRole(db(), "editor"), updated);
    await roles.deleteRole(db(), "editor");
    assert.equal(await roles.getRole(db(), "editor"), undefined);
  });

  it("resources: actions and attributes as documents, insert-if-absent, update, delete", {
    skip,
  }, async () => {
    const doc = resource("doc", {
      urn: "urn:doc",
      actions: {
        read: { id: "a1", name: "Read", created_at: AT, updated_at: AT },
        "read:all": {
          id: "a2",
          description: "colon in key",
          attributes: { x: 1 },
          created_at: AT,
          updated_at: AT,
        },
      },
      attributes: { owner: { id: "at1", type: "string", created_at: AT, updated_at: AT } },
    });
    await resources.insertResource(db(), doc);
    await resources.insertResourceIfAbsent(db(), resource("doc", { name: "Replaced?" }));
    assert.deepEqual(await resources.getResource(db(), "doc"), doc);
    assert.deepEqual(await resources.getResource(db(), doc.id), doc);
    await assert.rejects(resources.insertResource(db(), resource("doc")));
    const updated = { ...doc, actions: {}, name: "Document", updated_at: LATER };
    await resources.updateResource(db(), updated);
    assert.deepEqual(await resources.getResource(db(), "doc"), updated);
    assert.deepEqual(
      (await resources.listResources(db())).map((r) => r.key),
      ["doc"],
    );
    await resources.deleteResource(db(), "doc");
    assert.deepEqual(await resources.listResources(db()), []);
  });

  it("role assignments: duplicates ignored, found, listed with counts, deleted by each key", {
    skip,
  }, async () => {
    const a = assignment("ra-user", "viewer", "t1");
    await assignments.insertAssignment(db(), a);
    await assignments.insertAssignment(db(), assignment("ra-user", "viewer", "t1"));
    await assignments.insertAssignment(db(), assignment("ra-user", "editor", "t1"));
    await assignments.insertAssignment(db(), assignment("ra-user", "viewer", "t2"));
    await assignments.insertAssignment(db(), assignment("ra-other", "viewer", "t1"));
    assert.deepEqual(
      await assignments.findAssignment(db(), { user: "ra-user", role: "viewer", tenant: "t1" }),
      a,
    );
    const byUser = await assignments.listAssignments(db(), { user: ["ra-user"], page: 1, perPage: 2 });
    assert.equal(byUser.total_count, 3, "the duplicate was not stored");
    assert.equal(byUser.page_count, 2);
    assert.equal(byUser.data.length, 2);
    const filtered = await assignments.listAssignments(db(), {
      role: ["viewer"],
      tenant: ["t1"],
      page: 1,
      perPage: 10,
    });
    assert.deepEqual(filtered.data.map((x) => x.user).sort(), ["ra-other", "ra-user"]);
    assert.equal(
      await assignments.deleteAssignment(db(), { user: "ra-user", role: "viewer", tenant: "t1" }),
      1,
    );
    assert.equal(
      await assignments.deleteAssignment(db(), { user: "ra-user", role: "viewer", tenant: "t1" }),
      0,
    );
    assert.equal(await assignments.deleteUserFromTenant(db(), "ra-user", "t2"), 1);
    await assignments.deleteAssignmentsOfRole(db(), "viewer");
    const left = await assignments.assignmentsOfUsers(db(), ["ra-user", "ra-other"]);
    assert.deepEqual(
      left.map((x) => `${x.user}/${x.role}/${x.tenant}`),
      ["ra-user/editor/t1"],
    );
  });

  it("schema objects: every kind, scoped keys, body documents, scope deletes", { skip }, async () => {
    const owner = schemaObject("resource_role", "doc", "owner", {
      resource: "doc",
      key: "owner",
      name: "Owner",
      permissions: ["read"],
      granted_to: {
        users_with_role: [{ role: "owner", on_resource: "folder", linked_by_relation: "parent" }],
        when: { no_direct_roles_on_object: true },
      },
    });
    const parent = schemaObject("relation", "doc", "parent", {
      resource: "doc",
      key: "parent",
      subject_resource: "folder",
    });
    const group = schemaObject("action_group", "doc", "readers", {
      key: "readers",
      actions: ["read", "list"],
    });
    const set = schemaObject("condition_set", "", "gold", {
      key: "gold",
      type: "userset",
      conditions: { allOf: [{ "user.tier": { equals: "gold" } }] },
    });
    const rule = schemaObject("set_rule", "", "gold|doc:read|docs", {
      user_set: "gold",
      permission: "doc:read",
      resource_set: "docs",
    });
    const sameKeyOtherScope = schemaObject("resource_role", "folder", "owner", { key: "owner" });
    const all: SchemaObjectRecord<unknown>[] = [owner, parent, group, set, rule, sameKeyOtherScope];
    for (const o of all) await objects.insertSchemaObject(db(), o);
    assert.deepEqual(await objects.getSchemaObject(db(), "resource_role", "doc", "owner"), owner);
    assert.deepEqual(await objects.getSchemaObject(db(), "resource_role", "doc", owner.id), owner);
    assert.deepEqual(await objects.getSchemaObject(db(), "relation", "doc", "parent"), parent);
    assert.deepEqual(await objects.getSchemaObject(db(), "action_group", "doc", "readers"), group);
    assert.deepEqual(await objects.getSchemaObject(db(), "condition_set", "", "gold"), set);
    assert.deepEqual(await objects.getSchemaObject(db(), "set_rule", "", rule.id), rule);
    assert.equal(
      await objects.getSchemaObject(db(), "relation", "doc", "owner"),
      undefined,
      "kinds do not mix",
    );
    assert.deepEqual((await objects.listSchemaObjects(db(), "resource_role")).map((o) => o.scope).sort(), [
      "doc",
      "folder",
    ]);
    assert.deepEqual(
      (await objects.listSchemaObjects(db(), "resource_role", "folder")).map((o) => o.id),
      [sameKeyOtherScope.id],
    );
    await assert.rejects(objects.insertSchemaObject(db(), schemaObject("resource_role", "doc", "owner", {})));
    await objects.updateSchemaObject(db(), {
      ...group,
      body: { key: "readers", actions: [] },
      updated_at: LATER,
    });
    const updatedGroup = await objects.getSchemaObject(db(), "action_group", "doc", "readers");
    assert.deepEqual(updatedGroup?.body, { key: "readers", actions: [] });
    assert.equal(updatedGroup?.updated_at, LATER);
    await objects.deleteSchemaObjectsOfScope(db(), "doc");
    await objects.deleteSchemaObjectsOfScope(db(), "");
    assert.equal((await objects.listSchemaObjects(db(), "relation")).length, 0);
    assert.equal((await objects.listSchemaObjects(db(), "action_group")).length, 0);
    assert.equal(
      (await objects.listSchemaObjects(db(), "condition_set")).length,
      1,
      "scope '' is never a resource's",
    );
    await objects.deleteSchemaObject(db(), set.id);
    assert.equal(await objects.getSchemaObject(db(), "condition_set", "", "gold"), undefined);
  });

  it("resource instances: by type:key and id, attributes updated, listed and found by filter", {
    skip,
  }, async () => {
    const a = instance("file", "a", "t1", RICH_ATTRIBUTES);
    const b = instance("file", "b", "t2");
    const c = instance("folder", "a", "t1");
    for (const r of [a, b, c]) await instances.insertInstance(db(), r);
    assert.deepEqual(await instances.getInstance(db(), "file:a"), a);
    assert.deepEqual(await instances.getInstance(db(), a.id), a);
    assert.equal(await instances.getInstance(db(), "file:zz"), undefined);
    await assert.rejects(instances.insertInstance(db(), instance("file", "a", "t2")));
    await instances.updateInstanceAttributes(db(), a.id, { x: 2 }, LATER);
    assert.deepEqual(await instances.getInstance(db(), "file:a"), {
      ...a,
      attributes: { x: 2 },
      updated_at: LATER,
    });
    const ofT1 = await instances.listInstances(opened().store, { tenant: "t1", page: 1, perPage: 10 });
    assert.deepEqual(ofT1.data.map((r) => `${r.resource}:${r.key}`).sort(), ["file:a", "folder:a"]);
    const files = await instances.listInstances(opened().store, { resource: "file", page: 2, perPage: 1 });
    assert.equal(files.data.length, 1);
    assert.deepEqual(
      (await instances.instanceIdsWhere(db(), { resource: "file", tenant: "t2" })).map((r) => r.typeKey),
      ["file:b"],
    );
    const many = await instances.getInstancesByTypeKey(db(), ["folder:a", "nope:x", b.id]);
    assert.deepEqual(
      many.map((r) => r.id),
      [c.id, b.id],
    );
    await instances.deleteInstanceRow(db(), b.id);
    assert.equal(await instances.getInstance(db(), "file:b"), undefined);
  });

  it("relationship tuples: typed columns, filters, deletes touching an instance or of a relation", {
    skip,
  }, async () => {
    const t1 = tuple("folder:root", "parent", "file:x", "t1");
    const t2 = tuple("file:x", "parent", "file:y", "t1");
    const t3 = tuple("team:eng", "member", "file:y", "t2");
    for (const t of [t1, t2, t3]) await tuples.insertTuple(db(), t);
    assert.deepEqual(await tuples.findTuple(db(), t1), t1);
    await assert.rejects(tuples.insertTuple(db(), tuple("folder:root", "parent", "file:x", "t1")));
    const ofFolders = await tuples.listTuples(db(), { subjectType: "folder", page: 1, perPage: 10 });
    assert.deepEqual(
      ofFolders.data.map((t) => t.id),
      [t1.id],
    );
    const onY = await tuples.listTuples(db(), {
      object: "file:y",
      relation: "member",
      tenant: "t2",
      page: 1,
      perPage: 10,
    });
    assert.deepEqual(
      onY.data.map((t) => t.id),
      [t3.id],
    );
    assert.equal((await tuples.listTuples(db(), { objectType: "file", page: 2, perPage: 2 })).data.length, 1);
    const keys = await tuples.deleteTuplesTouching(db(), "file:x");
    assert.deepEqual(keys.sort(), [tuples.tupleChangeKey(t2), tuples.tupleChangeKey(t1)].sort());
    assert.deepEqual(tuples.parseTupleChangeKey(tuples.tupleChangeKey(t1)), {
      subject: t1.subject,
      relation: t1.relation,
      object: t1.object,
    });
    await tuples.deleteTuplesOfRelation(db(), "file", "member");
    assert.deepEqual((await tuples.listTuples(db(), { page: 1, perPage: 10 })).data, []);
  });

  it("instance role assignments: found, paged by offset, deleted by every filter", { skip }, async () => {
    const a = instanceAssignment("ia-1", "owner", "doc:a", "t1");
    await ira.insertInstanceAssignment(db(), a);
    await assert.rejects(
      ira.insertInstanceAssignment(db(), instanceAssignment("ia-1", "owner", "doc:a", "t1")),
    );
    await ira.insertInstanceAssignment(db(), instanceAssignment("ia-1", "viewer", "doc:a", "t1"));
    await ira.insertInstanceAssignment(db(), instanceAssignment("ia-2", "owner", "doc:b", "t2"));
    await ira.insertInstanceAssignment(db(), instanceAssignment("ia-3", "owner", "folder:a", "t1"));
    assert.deepEqual(
      await ira.findInstanceAssignment(db(), { user: "ia-1", role: "owner", resource_instance: "doc:a" }),
      a,
    );
    const page = await ira.listInstanceAssignments(db(), { role: ["owner"], page: 1, perPage: 2, offset: 1 });
    assert.equal(page.total, 3);
    assert.equal(page.data.length, 2);
    assert.equal((await ira.instanceAssignmentsOfUsers(db(), ["ia-1", "ia-2"])).length, 3);
    assert.deepEqual(await ira.deleteInstanceAssignmentsWhere(db(), { user: "ia-1", role: "viewer" }), [
      "ia-1",
    ]);
    assert.deepEqual(await ira.deleteInstanceAssignmentsWhere(db(), { tenant: "t2" }), ["ia-2"]);
    assert.deepEqual(await ira.deleteInstanceAssignmentsWhere(db(), { resourceInstance: "doc:a" }), ["ia-1"]);
    assert.deepEqual(await ira.deleteInstanceAssignmentsWhere(db(), { resourceInstance: "doc:a" }), []);
    const rest = await ira.listInstanceAssignments(db(), { page: 1, perPage: 10 });
    assert.deepEqual(
      rest.data.map((x) => x.resource_instance),
      ["folder:a"],
    );
    await ira.deleteInstanceAssignmentRow(db(), rest.data[0]!.id);
    assert.equal((await ira.listInstanceAssignments(db(), { page: 1, perPage: 10 })).total, 0);
  });

  it("instance role assignments: a resource type's are exactly those of `type:` (any collation)", {
    skip,
  }, async () => {
    // Neighbours of `doc:` in byte order and in linguistic order; only the first three are doc's.
    const ids = [
      "doc:a",
      "doc:B",
      "doc:a:b",
      "doc;a",
      "doc",
      "docs:a",
      "doc-x:a",
      "Doc:a",
      "do:c",
      "doc_:a",
      "doca",
    ];
    for (const [i, id] of ids.entries())
      await ira.insertInstanceAssignment(db(), instanceAssignment(`p${i}`, "owner", id, "t"));
    const users = await ira.deleteInstanceAssignmentsWhere(db(), { resourcePrefix: "doc", role: "owner" });
    assert.deepEqual(users.sort(), ["p0", "p1", "p2"]);
    const left = (await ira.listInstanceAssignments(db(), { page: 1, perPage: 50 })).data.map(
      (x) => x.resource_instance,
    );
    assert.deepEqual(left.sort(), ids.slice(3).sort());
    await ira.deleteInstanceAssignmentsWhere(db(), { role: "owner" });
  });

  it("a failed transaction leaves none of its writes", { skip }, async () => {
    const before = await tenants.allTenants(db());
    await assert.rejects(
      opened().store.transaction(async (tx) => {
        await tenants.insertTenant(tx, tenant("half"));
        await users.insertUser(tx, user("half-user"));
        await tenants.insertTenant(tx, tenant("half"));
      }),
    );
    assert.deepEqual(await tenants.allTenants(db()), before);
    assert.equal(await users.getUser(db(), "half-user"), undefined);
  });
});
