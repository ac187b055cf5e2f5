/**
 * The query options of Permit's user, tenant and role assignment lists, on SQLite and PostgreSQL:
 * `search` with `search_operator` (contains, startswith, endswith; `%`/`_` literal), `role=` (empty)
 * for users without roles, `include_resource_instance_roles`, tenant membership through instance
 * roles, tenants' `include_total_count` and default page, and role assignment filters given as ids.
 * Through the unmodified SDK where it sends the option, over plain HTTP where it does not.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import { forEachListStore, type Json, keysOf } from "./list-fixture.ts";

forEachListStore("user, tenant and assignment list options", ({ skip, permit, get, fetchFacts }) => {
  const users = async (query: [string, string][]) =>
    keysOf(((await get("/users", query)) as Json).data ?? []);

  it("users: search_operator contains (default), startswith and endswith; wildcards literal", {
    skip,
  }, async () => {
    assert.deepEqual(await users([["search", "bob"]]), ["bob", "dora"]);
    assert.deepEqual(
      await users([
        ["search", "bob"],
        ["search_operator", "contains"],
      ]),
      ["bob", "dora"],
    );
    assert.deepEqual(
      await users([
        ["search", "BOB"],
        ["search_operator", "startswith"],
      ]),
      ["bob", "dora"],
      "dora's last name starts with Bob",
    );
    assert.deepEqual(
      await users([
        ["search", "example.com"],
        ["search_operator", "endswith"],
      ]),
      ["alice", "bob", "carol"],
    );
    assert.deepEqual(
      await users([
        ["search", "x_"],
        ["search_operator", "startswith"],
      ]),
      ["x_ray"],
    );
    assert.deepEqual(
      await users([
        ["search", "x%"],
        ["search_operator", "startswith"],
      ]),
      [],
    );
    assert.deepEqual(
      await users([
        ["search", "ali"],
        ["search_operator", "endswith"],
      ]),
      [],
    );
    // The SDK sends `search` (and no operator): contains.
    const page = await permit().api.users.list({ search: "ora" });
    assert.deepEqual(
      page.data.map((u) => u.key),
      ["dora"],
    );
  });

  it("users: role= (empty) lists users without any role; a role matches resource roles too", {
    skip,
  }, async () => {
    assert.deepEqual(await users([["role", ""]]), ["dora", "x_ray"]);
    const sdkPage = await permit().api.users.list({ role: "" });
    assert.deepEqual(sdkPage.data.map((u) => u.key).sort(), ["dora", "x_ray"]);
    assert.equal(sdkPage.total_count, 2);
    assert.deepEqual(
      await users([
        ["role", ""],
        ["search", "x"],
      ]),
      ["x_ray"],
    );
    assert.deepEqual(await users([["role", "viewer"]]), ["alice", "carol"]);
    // [uncertain] Permit may match tenant roles only.
    assert.deepEqual(await users([["role", "editor"]]), ["alice", "bob"]);
  });

  it("users: include_resource_instance_roles adds each tenant's resource_instance_roles", {
    skip,
  }, async () => {
    const withRoles = ((await get("/users", [["include_resource_instance_roles", "true"]])) as Json).data!;
    const alice = withRoles.find((u) => u.key === "alice")!;
    assert.deepEqual(alice.roles, [{ role: "viewer", tenant: "acme" }]);
    assert.deepEqual(alice.associated_tenants, [
      {
        tenant: "acme",
        roles: ["viewer"],
        status: "active",
        resource_instance_roles: [{ resource_instance: "f1", resource: "folder", role: "editor" }],
      },
    ]);
    const bob = withRoles.find((u) => u.key === "bob")!;
    assert.deepEqual(bob.roles, []);
    assert.deepEqual(bob.associated_tenants, [
      {
        tenant: "acme",
        roles: [],
        status: "active",
        resource_instance_roles: [{ resource_instance: "plan_a", resource: "document", role: "editor" }],
      },
    ]);
    const carol = withRoles.find((u) => u.key === "carol")!;
    assert.deepEqual(carol.associated_tenants, [
      { tenant: "beta", roles: ["viewer"], status: "active", resource_instance_roles: [] },
    ]);
    assert.deepEqual(withRoles.find((u) => u.key === "dora")?.associated_tenants, []);

    // Without the flag: the same tenants, no resource_instance_roles.
    const plain = await permit().api.users.list();
    const plainBob = plain.data.find((u) => u.key === "bob")!;
    assert.deepEqual(plainBob.associated_tenants, [{ tenant: "acme", roles: [], status: "active" }]);
  });

  it("tenant users: members through instance roles, the flag, an empty role ignored", { skip }, async () => {
    const acme = (await get("/tenants/acme/users", [["include_resource_instance_roles", "true"]])) as Json;
    assert.deepEqual(keysOf(acme.data ?? []), ["alice", "bob"]);
    const bob = (acme.data ?? []).find((u) => u.key === "bob")!;
    assert.deepEqual((bob.associated_tenants as Json[])[0]?.resource_instance_roles, [
      { resource_instance: "plan_a", resource: "document", role: "editor" },
    ]);
    const sdk = await permit().api.tenants.listTenantUsers({ tenantKey: "acme", role: "editor" });
    assert.deepEqual(sdk.data.map((u) => u.key).sort(), ["alice", "bob"]);
    assert.deepEqual(keysOf(((await get("/tenants/beta/users", [["role", ""]])) as Json).data ?? []), [
      "carol",
    ]);
  });

  it("tenants: include_total_count pages, search by key or name, 30 a page by default", {
    skip,
  }, async () => {
    for (let i = 0; i < 30; i++) await permit().api.tenants.create({ key: `t${i}`, name: `Extra ${i}` });
    const all = (await get("/tenants", [["include_total_count", "true"]])) as Json;
    // acme, beta, the default tenant and the 30 extra ones.
    assert.equal(all.total_count, 33);
    assert.equal(all.page_count, 2);
    assert.equal(all.data?.length, 30);
    assert.equal(((await get("/tenants")) as Json[]).length, 30);
    const searched = (await get("/tenants", [
      ["search", "extra 5"],
      ["per_page", "1"],
      ["include_total_count", "true"],
    ])) as Json;
    assert.equal(searched.total_count, 1);
    assert.deepEqual(keysOf(searched.data ?? []), ["t5"]);
    assert.deepEqual(
      (await permit().api.tenants.list({ search: "ACM" })).map((t) => t.key),
      ["acme"],
    );
    const bare = await get("/tenants", [
      ["search", "beta"],
      ["include_total_count", "false"],
    ]);
    assert.ok(Array.isArray(bare));
  });

  it("assignments: user, role, tenant, resource and resource_instance filters take ids", {
    skip,
  }, async () => {
    const api = permit().api;
    const alice = await api.users.get("alice");
    const byUserId = await api.roleAssignments.list({ user: alice.id });
    assert.deepEqual(byUserId.map((a) => a.role).sort(), ["editor", "viewer"]);
    const viewer = await api.roles.get("viewer");
    const byRoleId = await api.roleAssignments.list({ role: viewer.id });
    assert.deepEqual(byRoleId.map((a) => a.user).sort(), ["alice", "carol"]);
    // A resource role's id names that type's role only: bob's editor role is on a document.
    const folderEditor = await api.resourceRoles.get("folder", "editor");
    const byResourceRoleId = await api.roleAssignments.list({ role: folderEditor.id });
    assert.deepEqual(
      byResourceRoleId.map((a) => [a.user, a.resource_instance]),
      [["alice", "folder:f1"]],
    );
    const beta = await api.tenants.get("beta");
    assert.deepEqual(
      (await api.roleAssignments.list({ tenant: beta.id })).map((a) => a.user),
      ["carol"],
    );
    const f1 = await api.resourceInstances.get("folder:f1");
    assert.deepEqual(
      (await api.roleAssignments.list({ resourceInstance: f1.id })).map((a) => a.user),
      ["alice"],
    );
    const document = await api.resources.get("document");
    const onDocuments = (await get("/role_assignments", [["resource", document.id]])) as Json[];
    assert.deepEqual(
      onDocuments.map((a) => a.user),
      ["bob"],
    );
    assert.deepEqual(await api.roleAssignments.list({ user: "no-such-user" }), []);
  });

  it("assignments: with tenants and resource_instance, the instance must be in the last tenant", {
    skip,
  }, async () => {
    const inLast = (await get("/role_assignments", [
      ["tenant", "beta"],
      ["tenant", "acme"],
      ["resource_instance", "folder:f1"],
    ])) as Json[];
    assert.deepEqual(
      inLast.map((a) => a.user),
      ["alice"],
    );
    const notLast = await get("/role_assignments", [
      ["tenant", "acme"],
      ["tenant", "beta"],
      ["resource_instance", "folder:f1"],
    ]);
    assert.deepEqual(notLast, []);
    const acme = await permit().api.tenants.get("acme");
    const byTenantId = await permit().api.roleAssignments.list({
      tenant: acme.id,
      resourceInstance: "folder:f1",
    });
    assert.equal(byTenantId.length, 1);
  });

  it("bad options answer Permit's 422 with a detail list", { skip }, async () => {
    for (const [path, query] of [
      ["/users", [["search_operator", "prefix"]]],
      ["/users", [["include_resource_instance_roles", "maybe"]]],
      ["/users", [["per_page", "101"]]],
      ["/tenants/acme/users", [["include_resource_instance_roles", "2"]]],
      ["/tenants", [["include_total_count", "yes please"]]],
      ["/tenants", [["search", "s".repeat(257)]]],
      ["/role_assignments", [["user", "u".repeat(257)]]],
    ] as [string, [string, string][]][]) {
      const res = await fetchFacts(path, query);
      assert.equal(res.status, 422, `${path} ${JSON.stringify(query)}`);
      const body = (await res.json()) as { detail: { loc: unknown[] }[] };
      assert.equal(body.detail[0]?.loc[0], "query");
    }
  });
});
