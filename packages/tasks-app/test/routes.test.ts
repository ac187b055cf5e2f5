// The tasks app's routes through inject, with a real authorization service and a real user pool (the
// local stack, started by the testkit): the guards, validation errors that change nothing, the closed
// set of error codes, and response schemas that send only the documented fields.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { TASKS_API_ERROR_CODES } from "@tollgate/contracts";
import { startTestStack, type TestStack } from "@tollgate/testkit/stack";

describe("tasks app routes (inject, real authz and pool)", () => {
  let s: TestStack;
  const tokens: Record<"admin" | "editor" | "viewer", string> = { admin: "", editor: "", viewer: "" };
  before(async () => {
    s = await startTestStack();
    for (const who of ["admin", "editor", "viewer"] as const) {
      tokens[who] = await s.accessToken(`${who}@example.com`);
      await call(who, "POST", "/api/sync");
    }
  });
  after(() => s?.stop());

  async function call(
    who: keyof typeof tokens | undefined,
    method: string,
    url: string,
    payload?: unknown,
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON responses field by field.
  ): Promise<{ status: number; body: any }> {
    const res = await s.app.app.inject({
      method: method as "GET",
      url,
      headers: who ? { authorization: `Bearer ${tokens[who]}` } : {},
      ...(payload !== undefined && { payload: payload as object }),
    });
    const body = res.body ? res.json() : undefined;
    if (res.statusCode >= 400) {
      // Every error is the app's body with a code from the closed set, and nothing else.
      assert.deepEqual(Object.keys(body).sort(), ["error", "message"], `${method} ${url}: ${res.body}`);
      assert.ok((TASKS_API_ERROR_CODES as readonly string[]).includes(body.error), body.error);
    }
    return { status: res.statusCode, body };
  }

  it("guards: no token is 401, a role without the permission is 403, and a denied write changes nothing", async () => {
    const before = (await call("viewer", "GET", "/api/tasks")).body.tasks.length;
    const anonymous = await call(undefined, "GET", "/api/tasks");
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body.error, "unauthorized");
    const denied = await call("viewer", "POST", "/api/tasks", { title: "not allowed" });
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error, "forbidden");
    assert.equal((await call("viewer", "GET", "/api/users")).status, 200);
    assert.equal(
      (await call("editor", "POST", "/api/users", { email: "x@example.com", group: "viewer" })).body.error,
      "forbidden",
    );
    const tampered = `${tokens.editor.slice(0, -4)}AAAA`;
    const forged = await s.app.app.inject({
      url: "/api/tasks",
      headers: { authorization: `Bearer ${tampered}` },
    });
    assert.equal(forged.statusCode, 401);
    assert.equal((await call("viewer", "GET", "/api/tasks")).body.tasks.length, before);
  });

  it("validation errors are 400 invalid_request naming the field, and change nothing", async () => {
    const before = (await call("editor", "GET", "/api/tasks")).body.tasks.length;
    const cases: [string, string, unknown, RegExp][] = [
      ["POST", "/api/tasks", { title: "   " }, /^body\.title: /],
      ["POST", "/api/tasks", { title: "x".repeat(201) }, /^body\.title: /],
      ["POST", "/api/tasks", { title: "ok", done: true }, /^body/],
      ["POST", "/api/tasks", {}, /^body/],
      ["PATCH", "/api/tasks/not-a-uuid", { title: "x" }, /^params\.id: /],
      ["POST", "/api/tasks/00000000-0000-4000-8000-000000000000/check", { done: "yes" }, /^body\.done: /],
      ["POST", "/api/users", { email: "not an email", group: "admin" }, /^body\.email: /],
      ["POST", "/api/users", { email: "new@example.com", group: "root" }, /^body\.group/],
      ["PUT", "/api/users/editor%40example.com/group", { group: "owner" }, /^body\.group/],
    ];
    for (const [method, url, payload, where] of cases) {
      const res = await call("admin", method, url, payload);
      assert.equal(res.status, 400, `${method} ${url} ${JSON.stringify(payload)}`);
      assert.equal(res.body.error, "invalid_request");
      assert.match(res.body.message, where);
    }
    const notJson = await s.app.app.inject({
      method: "POST",
      url: "/api/tasks",
      headers: { authorization: `Bearer ${tokens.admin}`, "content-type": "application/json" },
      payload: "{not json",
    });
    assert.equal(notJson.statusCode, 400);
    assert.equal(notJson.json().error, "invalid_request");
    assert.equal((await call("editor", "GET", "/api/tasks")).body.tasks.length, before);
    assert.equal(
      (await call("admin", "GET", "/api/users")).body.users.some(
        (u: { email: string }) => u.email === "new@example.com",
      ),
      false,
    );
  });

  it("unknown tasks are 404 task_not_found; unknown routes are 404 not_found", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    for (const [method, url, payload] of [
      ["GET", `/api/tasks/${missing}`, undefined],
      ["PATCH", `/api/tasks/${missing}`, { title: "x" }],
      ["POST", `/api/tasks/${missing}/check`, { done: true }],
      ["DELETE", `/api/tasks/${missing}`, undefined],
    ] as const) {
      const res = await call("admin", method, url, payload);
      assert.equal(res.status, 404, `${method} ${url}`);
      assert.equal(res.body.error, "task_not_found");
    }
    assert.equal((await call("admin", "GET", "/api/nothing")).body.error, "not_found");
  });

  it("responses carry only the documented fields, whatever the storage or the pool hand back", async () => {
    const created = await call("editor", "POST", "/api/tasks", { title: "  Filtered  " });
    assert.equal(created.status, 201);
    assert.equal(created.body.title, "Filtered");
    const taskFields = [
      "confidential",
      "created_at",
      "created_by",
      "created_by_name",
      "done",
      "id",
      "project_id",
      "title",
      "updated_at",
    ];
    // In lists each task also says what this user may do with it.
    const listedFields = ["allowed", ...taskFields];
    assert.deepEqual(Object.keys(created.body).sort(), taskFields);

    // A storage layer that starts returning more (a new column, an internal note) must not leak it.
    const store = s.app.context.store;
    const realList = store.list.bind(store);
    const realGet = store.get.bind(store);
    store.list = async () => (await realList()).map((t) => ({ ...t, internal_note: "secret" }));
    store.get = async (id) => {
      const t = await realGet(id);
      return t && { ...t, internal_note: "secret" };
    };
    try {
      const list = await call("viewer", "GET", "/api/tasks");
      assert.equal(list.status, 200);
      assert.ok(list.body.tasks.length > 0);
      for (const task of list.body.tasks) assert.deepEqual(Object.keys(task).sort(), listedFields);
      const one = await call("viewer", "GET", `/api/tasks/${created.body.id}`);
      assert.deepEqual(Object.keys(one.body).sort(), taskFields);
    } finally {
      store.list = realList;
      store.get = realGet;
    }

    const users = await call("admin", "GET", "/api/users");
    for (const user of users.body.users)
      assert.deepEqual(Object.keys(user).sort(), [
        "email",
        "enabled",
        "groups",
        "name",
        "status",
        "sub",
        "username",
      ]);
    const me = await call("viewer", "GET", "/api/me/permissions");
    assert.deepEqual(Object.keys(me.body).sort(), ["permissions", "roles", "sub"]);
    assert.deepEqual(me.body.roles, ["viewer"]);
    const config = await call(undefined, "GET", "/api/config");
    assert.deepEqual(Object.keys(config.body).sort(), [
      "authority",
      "clientId",
      "domainUrl",
      "live",
      "logoutUri",
      "redirectUri",
    ]);
    assert.equal(config.body.live, "stream");
  });

  it("/health and /ready answer on the running app; /ready names its storage", async () => {
    assert.deepEqual((await call(undefined, "GET", "/health")).body, { status: "ok" });
    assert.deepEqual((await call(undefined, "GET", "/ready")).body, {
      status: "ok",
      components: { storage: { status: "ok" } },
    });
  });
});
