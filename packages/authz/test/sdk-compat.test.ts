/**
 * The unmodified `permitio` SDK against the service: every method of the wire contract's §2.1–2.10
 * that Tollgate models (RBAC: resources, actions, attributes, roles, tenants, users, role
 * assignments, and the PDP calls), including the deprecated flat methods and error surfaces.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { applyTutorialPolicy, startTestAuthz, type TestAuthz } from "@tollgate/testkit/authz";
import { Permit, PermitApiError, PermitConnectionError } from "permitio";

type HttpError = Error & { response?: { status: number; data?: { message?: string } } };

async function rejectsWith(promise: Promise<unknown>, status: number, message?: RegExp) {
  await assert.rejects(promise, (err: HttpError) => {
    assert.equal(
      err.response?.status,
      status,
      `expected ${status}, got ${err.response?.status}: ${err.message}`,
    );
    if (message) assert.match(err.response?.data?.message ?? "", message);
    return true;
  });
}

describe("permitio SDK compatibility", () => {
  let t: TestAuthz;
  let permit: Permit;
  before(async () => {
    t = await startTestAuthz();
    permit = t.permit;
    await applyTutorialPolicy(permit);
  });
  after(() => t.close());

  describe("§1.3 api-key scope", () => {
    it("returns all three ids, idempotently", async () => {
      const a = await t.http("GET", "/v2/api-key/scope");
      const b = await t.http("GET", "/v2/api-key/scope");
      assert.equal(a.status, 200);
      assert.deepEqual(a.body, b.body);
      assert.deepEqual(Object.keys(a.body).sort(), ["environment_id", "organization_id", "project_id"]);
    });
    it("rejects a missing key with 401 and a wrong key with 403", async () => {
      assert.equal((await t.http("GET", "/v2/api-key/scope", undefined, { authorization: "" })).status, 401);
      assert.equal(
        (await t.http("GET", "/v2/api-key/scope", undefined, { authorization: "Bearer nope" })).status,
        403,
      );
      const wrong = new Permit({
        token: "wrong-key-0123456789",
        pdp: t.url,
        apiUrl: t.url,
        log: { level: "fatal" },
      });
      await assert.rejects(wrong.api.users.list());
    });
  });

  describe("§2.1 check", () => {
    before(async () => {
      await permit.api.users.sync({ key: "u-editor", email: "e@example.com" });
      await permit.api.users.assignRole({ user: "u-editor", role: "editor", tenant: "default" });
      await permit.api.tenants.create({ key: "acme", name: "Acme" });
      await permit.api.users.sync({ key: "u-acme", email: "a@example.com" });
      await permit.api.users.assignRole({ user: "u-acme", role: "admin", tenant: "acme" });
    });
    it("takes string users and resources", async () => {
      assert.equal(await permit.check("u-editor", "update", "task"), true);
      assert.equal(await permit.check("u-editor", "create", "user"), false);
    });
    it("takes `type:key` resource strings", async () => {
      assert.equal(await permit.check("u-editor", "get", "task:42"), true);
    });
    it("takes object users (camelCase names) and object resources with tenants", async () => {
      const user = {
        key: "u-acme",
        firstName: "Ada",
        lastName: "Acme",
        email: "a@example.com",
        attributes: { x: 1 },
      };
      assert.equal(await permit.check(user, "delete", { type: "user", tenant: "acme" }), true);
      assert.equal(await permit.check(user, "delete", { type: "user", tenant: "default" }), false);
      assert.equal(await permit.check(user, "delete", { type: "user" }), false, "default tenant injected");
    });
    it("denies unknown users, resources, actions and tenants without errors", async () => {
      assert.equal(await permit.check("ghost", "get", "task"), false);
      assert.equal(await permit.check("u-editor", "get", "invoice"), false);
      assert.equal(await permit.check("u-editor", "fly", "task"), false);
      assert.equal(await permit.check("u-editor", "get", { type: "task", tenant: "nowhere" }), false);
    });
    it("passes context through", async () => {
      assert.equal(await permit.check("u-editor", "get", "task", { ip: "10.0.0.1" }), true);
    });
    it("raises PermitConnectionError when the PDP is unreachable, or false with throwOnError off", async () => {
      const down = new Permit({ token: "k", pdp: "http://127.0.0.1:1", log: { level: "silent" as "error" } });
      await assert.rejects(down.check("u", "get", "task"), PermitConnectionError);
      assert.equal(await down.check("u", "get", "task", {}, { throwOnError: false }), false);
    });
  });

  describe("§2.2 bulkCheck", () => {
    it("answers in order", async () => {
      const results = await permit.bulkCheck([
        { user: "u-editor", action: "get", resource: "task" },
        { user: "u-editor", action: "create", resource: "user" },
        { user: { key: "u-acme" }, action: "create", resource: { type: "user", tenant: "acme" } },
        { user: "ghost", action: "get", resource: "task" },
      ]);
      assert.deepEqual(results, [true, false, true, false]);
    });
  });

  describe("§2.3 getUserPermissions", () => {
    it("returns the map keyed __tenant:<key>", async () => {
      const perms = await permit.getUserPermissions("u-editor");
      assert.deepEqual(Object.keys(perms), ["__tenant:default"]);
      const entry = perms["__tenant:default"]!;
      assert.ok(entry.permissions.includes("task:delete"));
      assert.ok(entry.permissions.includes("user:get"));
      assert.ok(!entry.permissions.includes("user:create"));
      assert.deepEqual((entry as unknown as { roles: string[] }).roles, ["editor"]);
      assert.equal((entry as unknown as { tenant: { key: string } }).tenant.key, "default");
    });
    it("filters by tenants and resource types", async () => {
      assert.deepEqual(Object.keys(await permit.getUserPermissions("u-acme", ["acme"])), ["__tenant:acme"]);
      assert.deepEqual(Object.keys(await permit.getUserPermissions("u-acme", ["default"])), []);
      assert.deepEqual(
        Object.keys(await permit.getUserPermissions("u-acme", undefined, undefined, ["document"])),
        [],
      );
      assert.deepEqual(
        Object.keys(await permit.getUserPermissions("u-acme", undefined, undefined, ["__tenant"])),
        ["__tenant:acme"],
      );
    });
    it("accepts the older singular keys", async () => {
      const r = await t.http("POST", "/user-permissions", {
        user: { key: "u-acme" },
        resource_type: ["__tenant"],
      });
      assert.equal(r.status, 200);
      assert.deepEqual(Object.keys(r.body), ["__tenant:acme"]);
    });
  });

  describe("§2.4 checkAllTenants (the SDK's odd request)", () => {
    it("lists the tenants where the action is allowed", async () => {
      await permit.api.users.assignRole({ user: "u-acme", role: "viewer", tenant: "default" });
      const tenants = await permit.checkAllTenants("u-acme", "get", "task", undefined, undefined);
      assert.deepEqual(tenants.map((x) => x.key).sort(), ["acme", "default"]);
      const create = await permit.checkAllTenants("u-acme", "create", "task", undefined, undefined);
      assert.deepEqual(
        create.map((x) => x.key),
        ["acme"],
      );
    });
    it("still requires the API key (from the body when the header is missing)", async () => {
      const res = await fetch(`${t.url}/allowed/all-tenants`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ headers: {}, params: { user: "u-acme", action: "get", resource: "task" } }),
      });
      assert.equal(res.status, 401);
    });
  });

  describe("§2.6 users", () => {
    it("create → 201-ish read model with scope ids and timestamps; duplicate → 409", async () => {
      const u = await permit.api.users.create({
        key: "carol",
        email: "carol@example.com",
        first_name: "Carol",
      });
      assert.equal(u.key, "carol");
      for (const f of [
        "id",
        "organization_id",
        "project_id",
        "environment_id",
        "created_at",
        "updated_at",
      ] as const) {
        assert.ok(u[f], `missing ${f}`);
      }
      await assert.rejects(permit.api.users.create({ key: "carol" }), PermitApiError);
      await rejectsWith(permit.api.users.create({ key: "carol" }), 409, /already exists/);
    });
    it("create with role_assignments grants them in the same call", async () => {
      await permit.api.users.create({
        key: "dave",
        role_assignments: [{ role: "viewer", tenant: "default" }],
      });
      assert.equal(await permit.check("dave", "get", "task"), true);
    });
    it("get / getByKey / getById", async () => {
      const byKey = await permit.api.users.getByKey("carol");
      assert.equal((await permit.api.users.get("carol")).id, byKey.id);
      assert.equal((await permit.api.users.getById(byKey.id)).key, "carol");
      await rejectsWith(permit.api.users.get("nobody-here"), 404, /could not find/);
    });
    it("list is always paginated, with search, role and paging", async () => {
      const all = await permit.api.users.list();
      assert.ok(Array.isArray(all.data));
      assert.equal(all.total_count, all.data.length);
      const found = await permit.api.users.list({ search: "carol@" });
      assert.deepEqual(
        found.data.map((u) => u.key),
        ["carol"],
      );
      const viewers = await permit.api.users.list({ role: "viewer" });
      assert.ok(viewers.data.some((u) => u.key === "dave"));
      const page = await permit.api.users.list({ page: 2, perPage: 1 });
      assert.equal(page.data.length, 1);
      assert.equal(page.page_count, all.total_count);
    });
    it("search matches % and _ literally", async () => {
      await permit.api.users.create({ key: "under_score", email: "u_s@example.com" });
      await permit.api.users.create({ key: "underXscore", email: "uxs@example.com" });
      assert.deepEqual(
        (await permit.api.users.list({ search: "under_" })).data.map((u) => u.key),
        ["under_score"],
      );
      assert.deepEqual((await permit.api.users.list({ search: "100%" })).data, []);
    });
    it("update (PATCH) overwrites given fields", async () => {
      const u = await permit.api.users.update("carol", { last_name: "Jones", attributes: { plan: "pro" } });
      assert.equal(u.last_name, "Jones");
      assert.equal(u.first_name, "Carol");
      assert.deepEqual(u.attributes, { plan: "pro" });
    });
    it("sync reports created from 201 / 200", async () => {
      assert.equal((await permit.api.users.sync({ key: "erin" })).created, true);
      const again = await permit.api.users.sync({ key: "erin", email: "erin@example.com" });
      assert.equal(again.created, false);
      assert.equal(again.user.email, "erin@example.com");
    });
    it("assignRole / getAssignedRoles / unassignRole (DELETE with a body)", async () => {
      await permit.api.users.assignRole({ user: "erin", role: "editor", tenant: "default" });
      const roles = await permit.api.users.getAssignedRoles({ user: "erin" });
      assert.deepEqual(
        (roles as { role: string }[]).map((r) => r.role),
        ["editor"],
      );
      const detailed = await permit.api.users.getAssignedRoles({ user: "erin", detailed: true });
      assert.equal((detailed as unknown as { role: { key: string } }[])[0]?.role.key, "editor");
      const counted = await permit.api.users.getAssignedRoles({ user: "erin", includeTotalCount: true });
      assert.equal((counted as unknown as { total_count: number }).total_count, 1);
      await permit.api.users.unassignRole({ user: "erin", role: "editor", tenant: "default" });
      assert.equal(await permit.check("erin", "get", "task"), false);
      await rejectsWith(
        permit.api.users.unassignRole({ user: "erin", role: "editor", tenant: "default" }),
        404,
      );
    });
    it("assigning to unknown users, roles or tenants is 404", async () => {
      await rejectsWith(
        permit.api.users.assignRole({ user: "nobody", role: "editor", tenant: "default" }),
        404,
      );
      await rejectsWith(
        permit.api.users.assignRole({ user: "erin", role: "wizard", tenant: "default" }),
        404,
      );
      await rejectsWith(permit.api.users.assignRole({ user: "erin", role: "editor", tenant: "mars" }), 404);
    });
    it("bulk create / replace / delete", async () => {
      await permit.api.users.bulkUserCreate([{ key: "b1" }, { key: "b2", email: "b2@example.com" }]);
      await rejectsWith(permit.api.users.bulkUserCreate([{ key: "b3" }, { key: "b1" }]), 409);
      await assert.rejects(permit.api.users.get("b3"), "all or nothing: b3 was not created");
      await permit.api.users.bulkUserReplace([{ key: "b2", email: "new@example.com" }, { key: "b4" }]);
      assert.equal((await permit.api.users.get("b2")).email, "new@example.com");
      await permit.api.users.bulkUserDelete(["b1", "b2", "b4"]);
      await rejectsWith(permit.api.users.get("b4"), 404);
    });
    it("delete, then 404", async () => {
      await permit.api.users.delete("carol");
      await rejectsWith(permit.api.users.delete("carol"), 404);
    });
  });

  describe("§2.7 role assignments", () => {
    it("list with filters, assign, unassign, bulk", async () => {
      await permit.api.users.sync({ key: "ra1" });
      await permit.api.users.sync({ key: "ra2" });
      const a = await permit.api.roleAssignments.assign({ user: "ra1", role: "viewer", tenant: "default" });
      assert.equal(a.user, "ra1");
      assert.equal(a.role, "viewer");
      assert.ok(a.user_id && a.role_id && a.tenant_id);
      const listed = await permit.api.roleAssignments.list({ user: "ra1" });
      assert.equal((listed as unknown[]).length, 1);
      const byRole = (await permit.api.roleAssignments.list({ role: "viewer", tenant: "default" })) as {
        user: string;
      }[];
      assert.ok(byRole.some((x) => x.user === "ra1"));
      const bulk = await permit.api.roleAssignments.bulkAssign([
        { user: "ra1", role: "editor", tenant: "default" },
        { user: "ra2", role: "admin", tenant: "acme" },
      ]);
      assert.equal(bulk.assignments_created, 2);
      assert.equal(await permit.check("ra2", "delete", { type: "user", tenant: "acme" }), true);
      const removed = await permit.api.roleAssignments.bulkUnassign([
        { user: "ra1", role: "editor", tenant: "default" },
        { user: "ra2", role: "admin", tenant: "acme" },
      ]);
      assert.equal(removed.assignments_removed, 2);
      assert.equal(await permit.check("ra2", "delete", { type: "user", tenant: "acme" }), false);
      await permit.api.roleAssignments.unassign({ user: "ra1", role: "viewer", tenant: "default" });
      assert.equal(((await permit.api.roleAssignments.list({ user: "ra1" })) as unknown[]).length, 0);
    });
  });

  describe("§2.8 roles", () => {
    it("create, get, list, update, permissions, delete", async () => {
      const r = await permit.api.roles.create({ key: "auditor", name: "Auditor", permissions: ["task:get"] });
      assert.deepEqual(r.permissions, ["task:get"]);
      await rejectsWith(permit.api.roles.create({ key: "auditor", name: "Again" }), 409);
      await rejectsWith(permit.api.roles.create({ key: "bad", name: "Bad", permissions: ["task:fly"] }), 404);
      assert.equal((await permit.api.roles.getByKey("auditor")).id, r.id);
      assert.equal((await permit.api.roles.getById(r.id)).key, "auditor");
      const list = await permit.api.roles.list();
      assert.ok(Array.isArray(list) && list.some((x) => x.key === "auditor"));
      const counted = (await permit.api.roles.list({ includeTotalCount: true })) as unknown as {
        total_count: number;
      };
      assert.equal(counted.total_count, (list as unknown[]).length);
      assert.equal((await permit.api.roles.update("auditor", { description: "reads" })).description, "reads");
      const more = await permit.api.roles.assignPermissions("auditor", ["task:get", "user:get"]);
      assert.deepEqual(more.permissions, ["task:get", "user:get"]);
      const less = await permit.api.roles.removePermissions("auditor", ["task:get", "task:never"]);
      assert.deepEqual(less.permissions, ["user:get"]);
      await permit.api.roles.delete("auditor");
      await rejectsWith(permit.api.roles.get("auditor"), 404);
    });
    it("extends inherits, and a cycle is rejected with 400", async () => {
      await permit.api.roles.create({ key: "base", name: "Base", permissions: ["task:get"] });
      await permit.api.roles.create({
        key: "lead",
        name: "Lead",
        permissions: ["task:update"],
        extends: ["base"],
      } as never);
      await permit.api.users.sync({ key: "leader" });
      await permit.api.users.assignRole({ user: "leader", role: "lead", tenant: "default" });
      assert.equal(await permit.check("leader", "get", "task"), true);
      await rejectsWith(permit.api.roles.update("base", { extends: ["lead"] } as never), 400, /cycle/);
      const parents = await t.http("PUT", `${t.schema}/roles/base/parents/lead`);
      assert.equal(parents.status, 400);
      const drop = await t.http("DELETE", `${t.schema}/roles/lead/parents/base`);
      assert.equal(drop.status, 200);
      assert.equal(await permit.check("leader", "get", "task"), false);
      const add = await t.http("PUT", `${t.schema}/roles/lead/parents/base`);
      assert.equal(add.status, 200);
      assert.deepEqual(add.body.extends, ["base"]);
      assert.equal(await permit.check("leader", "get", "task"), true);
    });
  });

  describe("§2.9 resources, actions, attributes", () => {
    it("create, get, list, update, replace, delete", async () => {
      const r = await permit.api.resources.create({
        key: "doc",
        name: "Document",
        actions: { read: { name: "Read" }, write: {} },
        attributes: { owner: { type: "string" } },
      });
      assert.equal(r.actions?.read?.name, "Read");
      assert.ok(r.actions?.write?.id);
      assert.equal(r.attributes?.owner?.type, "string");
      await rejectsWith(permit.api.resources.create({ key: "doc", name: "Doc", actions: {} }), 409);
      assert.equal((await permit.api.resources.get("doc")).id, r.id);
      assert.ok((await permit.api.resources.list()).some((x) => x.key === "doc"));
      assert.equal((await permit.api.resources.update("doc", { name: "Doc" })).name, "Doc");
      const replaced = await permit.api.resources.replace("doc", { name: "Doc", actions: { read: {} } });
      assert.deepEqual(Object.keys(replaced.actions ?? {}), ["read"]);
      await permit.api.resources.delete("doc");
      await rejectsWith(permit.api.resources.get("doc"), 404);
    });
    it("deleting an action or resource removes the permissions that named it", async () => {
      await permit.api.resources.create({ key: "note", name: "Note", actions: { read: {}, write: {} } });
      await permit.api.roles.create({
        key: "noter",
        name: "Noter",
        permissions: ["note:read", "note:write"],
      });
      await permit.api.resourceActions.delete("note", "write");
      assert.deepEqual((await permit.api.roles.get("noter")).permissions, ["note:read"]);
      await permit.api.resources.delete("note");
      assert.deepEqual((await permit.api.roles.get("noter")).permissions, []);
    });
    it("resource actions and attributes", async () => {
      await permit.api.resources.create({ key: "file", name: "File", actions: { open: {} } });
      const a = await permit.api.resourceActions.create("file", { key: "share", name: "Share" });
      assert.equal(a.permission_name, "file:share");
      assert.equal((await permit.api.resourceActions.get("file", "share")).id, a.id);
      assert.equal((await permit.api.resourceActions.list({ resourceKey: "file" })).length, 2);
      assert.equal(
        (await permit.api.resourceActions.update("file", "share", { name: "Share it" })).name,
        "Share it",
      );
      await permit.api.resourceActions.delete("file", "share");
      await rejectsWith(permit.api.resourceActions.get("file", "share"), 404);

      const attr = await permit.api.resourceAttributes.create("file", { key: "size", type: "number" });
      assert.equal(attr.resource_key, "file");
      assert.equal((await permit.api.resourceAttributes.get("file", "size")).type, "number");
      assert.equal((await permit.api.resourceAttributes.list({ resourceKey: "file" })).length, 1);
      assert.equal(
        (await permit.api.resourceAttributes.update("file", "size", { description: "bytes" })).description,
        "bytes",
      );
      await permit.api.resourceAttributes.delete("file", "size");
      await rejectsWith(permit.api.resourceAttributes.get("file", "size"), 404);
    });
  });

  describe("§2.10 tenants", () => {
    it("create, get, list (bare array), update, users, remove user, delete", async () => {
      const tn = await permit.api.tenants.create({
        key: "globex",
        name: "Globex",
        attributes: { tier: "gold" },
      });
      assert.ok(tn.id && tn.last_action_at);
      await rejectsWith(permit.api.tenants.create({ key: "globex", name: "Again" }), 409);
      assert.equal((await permit.api.tenants.get("globex")).name, "Globex");
      const list = await permit.api.tenants.list();
      assert.ok(Array.isArray(list) && list.some((x) => x.key === "default"));
      assert.deepEqual(
        (await permit.api.tenants.list({ search: "glob" })).map((x) => x.key),
        ["globex"],
      );
      assert.equal((await permit.api.tenants.update("globex", { name: "Globex Corp" })).name, "Globex Corp");
      await permit.api.users.sync({ key: "gus" });
      await permit.api.users.assignRole({ user: "gus", role: "viewer", tenant: "globex" });
      const users = await permit.api.tenants.listTenantUsers({ tenantKey: "globex" });
      assert.deepEqual(
        users.data.map((u) => u.key),
        ["gus"],
      );
      await permit.api.tenants.deleteTenantUser("globex", "gus");
      assert.equal(await permit.check("gus", "get", { type: "task", tenant: "globex" }), false);
      await permit.api.users.assignRole({ user: "gus", role: "viewer", tenant: "globex" });
      await permit.api.tenants.delete("globex");
      await rejectsWith(permit.api.tenants.get("globex"), 404);
      assert.equal(await permit.check("gus", "get", { type: "task", tenant: "globex" }), false);
      assert.deepEqual((await permit.api.users.getAssignedRoles({ user: "gus" })) as unknown[], []);
    });
    it("the default tenant cannot be deleted", async () => {
      await rejectsWith(permit.api.tenants.delete("default"), 400);
    });
  });

  describe("deprecated flat methods", () => {
    it("work and rethrow raw axios errors", async () => {
      const u = await permit.api.syncUser({ key: "flat", email: "flat@example.com" });
      assert.equal(u.key, "flat");
      assert.equal((await permit.api.getUser("flat")).email, "flat@example.com");
      assert.equal((await permit.api.createUser({ key: "flat2" })).key, "flat2");
      assert.equal((await permit.api.updateUser("flat2", { first_name: "F" })).first_name, "F");
      assert.ok((await permit.api.listUsers()).some((x) => x.key === "flat"));
      await permit.api.assignRole({ user: "flat", role: "viewer", tenant: "default" });
      assert.equal((await permit.api.getAssignedRoles("flat", "default")).length, 1);
      await permit.api.unassignRole({ user: "flat", role: "viewer", tenant: "default" });
      assert.equal((await permit.api.getAssignedRoles("flat")).length, 0);
      assert.equal((await permit.api.createTenant({ key: "flatco", name: "FlatCo" })).key, "flatco");
      assert.equal((await permit.api.getTenant("flatco")).name, "FlatCo");
      assert.equal((await permit.api.updateTenant("flatco", { name: "Flat Co" })).name, "Flat Co");
      assert.ok((await permit.api.listTenants()).some((x) => x.key === "flatco"));
      await permit.api.deleteTenant("flatco");
      assert.equal((await permit.api.createRole({ key: "flatrole", name: "Flat" })).key, "flatrole");
      assert.equal((await permit.api.getRole("flatrole")).name, "Flat");
      assert.equal((await permit.api.updateRole("flatrole", { name: "Flat!" })).name, "Flat!");
      assert.ok((await permit.api.listRoles()).some((x) => x.key === "flatrole"));
      await permit.api.deleteRole("flatrole");
      assert.equal(
        (await permit.api.createResource({ key: "flatres", name: "R", actions: { go: {} } })).key,
        "flatres",
      );
      assert.equal((await permit.api.updateResource("flatres", { name: "R2" })).name, "R2");
      await permit.api.deleteResource("flatres");
      const deleted = await permit.api.deleteUser("flat");
      assert.equal(deleted.status, 204);
      await assert.rejects(permit.api.getUser("flat"), (err: HttpError) => err.response?.status === 404);
    });
  });

  describe("errors", () => {
    it("surface as PermitApiError with the status and the body's message", async () => {
      try {
        await permit.api.users.get("missing-user");
        assert.fail("expected an error");
      } catch (err) {
        assert.ok(err instanceof PermitApiError);
        assert.match(err.message, /could not find 'User'/);
        const body = (err as unknown as { response: { data: Record<string, string> } }).response.data;
        assert.equal(body.error_code, "NOT_FOUND");
        assert.ok(body.id && body.title);
      }
    });
    it("schema failures are 422 with FastAPI's detail list", async () => {
      const r = await t.http("POST", `${t.facts}/users`, { key: "has spaces" });
      assert.equal(r.status, 422);
      assert.ok(Array.isArray(r.body.detail));
      assert.deepEqual(r.body.detail[0].loc, ["body", "key"]);
      const typed = await t.http("POST", `${t.facts}/users`, { key: 42 });
      assert.equal(typed.status, 422, "numbers are not silently turned into keys");
    });
    it("oversized bodies are 413", async () => {
      const r = await t.http("POST", `${t.facts}/users`, {
        key: "big",
        attributes: { blob: "x".repeat(1_100_000) },
      });
      assert.equal(r.status, 413);
      assert.equal(r.body.error_code, "PAYLOAD_TOO_LARGE");
    });
    it("wrong project or environment segments are 404", async () => {
      assert.equal((await t.http("GET", "/v2/facts/other/production/users")).status, 404);
      assert.equal((await t.http("GET", "/v2/facts/default/production/users")).status, 200, "slugs work too");
    });
  });
});
