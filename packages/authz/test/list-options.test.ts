/**
 * Every query option of Permit's list endpoints for resource instances, relationship tuples and role
 * assignments, on SQLite and PostgreSQL: `detailed` (through the unmodified SDK where it sends it,
 * tuples and assignments), `search` with `%`/`_` taken literally, filters by id as well as key,
 * repeated filters, the `resource` type filter, `include_total_count`, and the `/detailed` lists.
 * What the Node SDK cannot send (it drops `search`, `include_total_count` on tuples and instances,
 * `resource`) goes over plain HTTP, as Permit's other SDKs send it. The users, tenants and
 * role-assignment options are in list-options-users.test.ts.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import { forEachListStore, type Json, keysOf } from "./list-fixture.ts";

forEachListStore("list options", ({ skip, permit, get, fetchFacts }) => {
  it("instances: search matches key text with % and _ literally, or an id; repeatable", {
    skip,
  }, async () => {
    assert.deepEqual(keysOf(await get("/resource_instances", [["search", "plan_"]])), ["plan_a"]);
    assert.deepEqual(keysOf(await get("/resource_instances", [["search", "PLAN"]])), ["planXa", "plan_a"]);
    assert.deepEqual(keysOf(await get("/resource_instances", [["search", "50%"]])), ["50%off"]);
    assert.deepEqual(keysOf(await get("/resource_instances", [["search", "%"]])), ["50%off"]);
    assert.deepEqual(keysOf(await get("/resource_instances", [["search", "_"]])), ["plan_a"]);
    assert.deepEqual(
      keysOf(
        await get("/resource_instances", [
          ["search", "f1"],
          ["search", "50off"],
        ]),
      ),
      ["50off", "f1"],
    );
    const f2 = await permit().api.resourceInstances.get("folder:f2");
    assert.deepEqual(keysOf(await get("/resource_instances", [["search", f2.id]])), ["f2"]);
    assert.deepEqual(
      keysOf(
        await get("/resource_instances", [
          ["search", "f"],
          ["tenant", "beta"],
        ]),
      ),
      ["f2"],
    );
    assert.deepEqual(await get("/resource_instances", [["search", "nothing-like-this"]]), []);
  });

  it("instances: include_total_count, detailed relationships, the /detailed list and get", {
    skip,
  }, async () => {
    const page = (await get("/resource_instances", [
      ["resource", "document"],
      ["per_page", "3"],
      ["include_total_count", "true"],
    ])) as Json;
    assert.equal(page.total_count, 4);
    assert.equal(page.page_count, 2);
    assert.equal(page.data?.length, 3);

    const detailed = (await get("/resource_instances", [
      ["search", "f1"],
      ["detailed", "true"],
    ])) as Json[];
    assert.deepEqual(
      ((detailed[0]?.relationships ?? []) as Json[]).map((r) => r.object),
      ["document:plan_a", "document:50off"],
    );
    const plain = (await get("/resource_instances", [["search", "f1"]])) as Json[];
    assert.equal(plain[0]?.relationships, undefined);

    const listed = (await get("/resource_instances/detailed", [["resource", "document"]])) as Json;
    assert.equal(listed.total_count, 4);
    const planA = listed.data?.find((i) => i.key === "plan_a");
    assert.deepEqual(planA?.relationships, [
      { subject: "folder:f1", relation: "parent", object: "document:plan_a" },
    ]);
    assert.deepEqual(listed.data?.find((i) => i.key === "planXa")?.relationships, []);

    const one = (await get("/resource_instances/document:50off", [["detailed", "true"]])) as Json;
    assert.deepEqual(one.relationships, [
      { subject: "folder:f1", relation: "parent", object: "document:50off" },
    ]);
    // The SDK's own list is unchanged: a bare array of read models, no relationships.
    const sdk = await permit().api.resourceInstances.list({ resource: "folder" });
    assert.deepEqual(sdk.map((i) => i.key).sort(), ["f1", "f2"]);
  });

  it("tuples: detailed through the SDK names subject, object, relation and tenant", { skip }, async () => {
    const listed = (await permit().api.relationshipTuples.list({
      object: "document:plan_a",
      detailed: true,
    } as never)) as unknown as Json[];
    assert.equal(listed.length, 1);
    const t = listed[0]!;
    assert.equal(t.subject, "folder:f1");
    assert.deepEqual(t.subject_details, {
      key: "f1",
      tenant: "acme",
      resource: "folder",
      attributes: { n: 1 },
    });
    assert.deepEqual(t.object_details, {
      key: "plan_a",
      tenant: "acme",
      resource: "document",
      attributes: { k: "plan_a" },
    });
    assert.deepEqual(t.relation_details, { key: "parent", name: "Parent" });
    assert.deepEqual(t.tenant_details, { key: "acme", name: "Acme", attributes: { tier: "gold" } });
    const plain = (
      await permit().api.relationshipTuples.list({ object: "document:plan_a" })
    )[0] as unknown as Json;
    assert.equal(plain.subject_details, undefined);
    assert.equal(plain.tenant, "acme");
  });

  it("tuples: subject, object and relation by id; include_total_count; /detailed", { skip }, async () => {
    const f1 = await permit().api.resourceInstances.get("folder:f1");
    const bySubjectId = await permit().api.relationshipTuples.list({ subject: f1.id });
    assert.deepEqual(bySubjectId.map((t) => t.object).sort(), ["document:50off", "document:plan_a"]);
    const doc = await permit().api.resourceInstances.get("document:50off");
    assert.deepEqual(
      (await permit().api.relationshipTuples.list({ object: doc.id })).map((t) => t.subject),
      ["folder:f1"],
    );
    const relation = await permit().api.resourceRelations.get("document", "parent");
    assert.equal((await permit().api.relationshipTuples.list({ relation: relation.id })).length, 2);
    assert.deepEqual(await permit().api.relationshipTuples.list({ subject: "no-such-id" }), []);

    const page = (await get("/relationship_tuples", [
      ["per_page", "1"],
      ["include_total_count", "true"],
    ])) as Json;
    assert.equal(page.total_count, 2);
    assert.equal(page.data?.length, 1);
    const detailed = (await get("/relationship_tuples/detailed", [["object_type", "document"]])) as Json;
    assert.equal(detailed.total_count, 2);
    assert.ok(detailed.data?.every((t) => (t.subject_details as Json).key === "f1"));
  });

  it("assignments: detailed through the SDK includes the instance and its resource role", {
    skip,
  }, async () => {
    const detailed = (await permit().api.roleAssignments.list({
      resourceInstance: "folder:f1",
      detailed: true,
    })) as unknown as Json[];
    assert.equal(detailed.length, 1);
    const a = detailed[0]!;
    const f1 = await permit().api.resourceInstances.get("folder:f1");
    const role = await permit().api.resourceRoles.get("folder", "editor");
    assert.deepEqual(a.resource_instance, {
      id: f1.id,
      key: "f1",
      resource: "folder",
      attributes: { n: 1 },
    });
    assert.deepEqual(a.role, { id: role.id, key: "editor", name: "Folder editor", permissions: ["edit"] });
    assert.equal((a.user as Json).key, "alice");
    assert.equal((a.user as Json).email, "alice@example.com");
    assert.deepEqual(a.tenant, {
      id: (await permit().api.tenants.get("acme")).id,
      key: "acme",
      name: "Acme",
      attributes: { tier: "gold" },
    });

    const plain = (await permit().api.roleAssignments.list({
      resourceInstance: "folder:f1",
    })) as unknown as Json[];
    assert.equal(plain[0]?.resource_instance, "folder:f1");
    assert.equal(plain[0]?.resource_instance_id, f1.id);
    assert.equal(plain[0]?.role_id, role.id);

    const mine = (await permit().api.users.getAssignedRoles({
      user: "alice",
      detailed: true,
    })) as unknown as Json[];
    assert.deepEqual(mine.map((m) => (m.role as Json).key).sort(), ["editor", "viewer"]);
    const tenantOne = mine.find((m) => (m.role as Json).key === "viewer")!;
    assert.equal(tenantOne.resource_instance, undefined);
    assert.deepEqual((tenantOne.role as Json).permissions, ["document:read"]);
  });

  it("assignments: repeated filters, the resource type filter, per_page up to 1000, /detailed", {
    skip,
  }, async () => {
    const users = (await get("/role_assignments", [
      ["user", "bob"],
      ["user", "carol"],
    ])) as Json[];
    assert.deepEqual(users.map((a) => a.user).sort(), ["bob", "carol"]);
    const tenants = (await get("/role_assignments", [
      ["tenant", "beta"],
      ["tenant", "acme"],
      ["role", "viewer"],
    ])) as Json[];
    assert.deepEqual(tenants.map((a) => a.user).sort(), ["alice", "carol"]);
    const onDocuments = (await get("/role_assignments", [["resource", "document"]])) as Json[];
    assert.deepEqual(
      onDocuments.map((a) => [a.user, a.resource_instance]),
      [["bob", "document:plan_a"]],
    );
    assert.deepEqual(
      await get("/role_assignments", [
        ["resource", "folder"],
        ["resource_instance", "document:plan_a"],
      ]),
      [],
    );
    assert.equal(((await get("/role_assignments", [["per_page", "1000"]])) as Json[]).length, 4);
    const detailed = (await get("/role_assignments/detailed", [
      ["user", "alice"],
      ["per_page", "1"],
    ])) as Json;
    assert.equal(detailed.total_count, 2);
    assert.equal(detailed.page_count, 2);
    assert.deepEqual(
      detailed.data?.map((a) => (a.user as Json).key),
      ["alice"],
    );
  });

  it("bad list options answer 422, never 500", { skip }, async () => {
    for (const query of [[["per_page", "1001"]], [["detailed", "maybe"]], [["include_total_count", "2"]]] as [
      string,
      string,
    ][][]) {
      const res = await fetchFacts("/role_assignments", query);
      assert.equal(res.status, 422, JSON.stringify(query));
    }
    const many = Array.from({ length: 101 }, (_, i) => ["search", `s${i}`] as [string, string]);
    const res = await fetchFacts("/resource_instances", many);
    assert.equal(res.status, 422);
  });
});
