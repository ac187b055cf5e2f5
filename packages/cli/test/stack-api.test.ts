/**
 * The tutorial's "Let's test it" at the API level, on the stack `npm start` runs: every action is
 * checked with Permit, users are synced and removed on both sides, and a policy change reaches the
 * browser's event stream at once.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { AdminGetUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import { openLiveStream } from "@tollgate/testkit/live-stream";
import { startTestStack, type TestStack } from "@tollgate/testkit/stack";
import { until, untilNextSecond } from "@tollgate/testkit/until";
import { LOCAL_POOL_ID } from "../src/stack/local-seed.ts";

describe("the tasks app on the local stack (API)", () => {
  let s: TestStack;
  let editor: string;
  let viewer: string;
  let admin: string;
  before(async () => {
    s = await startTestStack();
    editor = await s.accessToken("editor@example.com");
    viewer = await s.accessToken("viewer@example.com");
    admin = await s.accessToken("admin@example.com");
    for (const t of [editor, viewer, admin]) assert.equal((await s.api(t, "POST", "/api/sync")).status, 200);
  });
  after(() => s.stop());

  it("serves the SPA's sign-in settings without a token", async () => {
    const res = await fetch(`${s.app.url}/api/config`);
    const config = (await res.json()) as { authority: string; clientId: string; redirectUri: string };
    assert.equal(config.authority, s.appConfig.cognito.issuer);
    assert.equal(config.redirectUri, `${s.app.url}/callback`);
    assert.match(res.headers.get("content-security-policy") ?? "", /default-src 'self'/);
  });

  it("reports each user's permissions from their role", async () => {
    const me = await s.api(editor, "GET", "/api/me/permissions");
    assert.deepEqual(me.body.roles, ["editor"]);
    assert.ok(me.body.permissions.includes("task:delete"));
    assert.deepEqual((await s.api(viewer, "GET", "/api/me/permissions")).body.permissions, [
      "task:get",
      "user:get",
    ]);
  });

  it("an editor creates, edits, checks and deletes tasks", async () => {
    const created = await s.api(editor, "POST", "/api/tasks", { title: "  Write the report  " });
    assert.equal(created.status, 201);
    assert.equal(created.body.title, "Write the report");
    assert.equal(created.body.created_by_name, "Eddie Editor");
    const id = created.body.id;
    assert.equal(
      (await s.api(editor, "PATCH", `/api/tasks/${id}`, { title: "Write the final report" })).body.title,
      "Write the final report",
    );
    assert.equal((await s.api(editor, "POST", `/api/tasks/${id}/check`, { done: true })).body.done, true);
    assert.equal((await s.api(viewer, "GET", `/api/tasks/${id}`)).body.done, true);
    assert.equal((await s.api(editor, "DELETE", `/api/tasks/${id}`)).status, 204);
    assert.equal((await s.api(editor, "GET", `/api/tasks/${id}`)).status, 404);
  });

  it("a viewer reads, and every write answers 403 and changes nothing", async () => {
    const task = (await s.api(editor, "POST", "/api/tasks", { title: "Keep me" })).body;
    assert.equal((await s.api(viewer, "GET", "/api/tasks")).status, 200);
    assert.equal((await s.api(viewer, "POST", "/api/tasks", { title: "nope" })).status, 403);
    assert.equal((await s.api(viewer, "PATCH", `/api/tasks/${task.id}`, { title: "changed" })).status, 403);
    assert.equal((await s.api(viewer, "POST", `/api/tasks/${task.id}/check`, { done: true })).status, 403);
    assert.equal((await s.api(viewer, "DELETE", `/api/tasks/${task.id}`)).status, 403);
    assert.equal(
      (await s.api(viewer, "POST", "/api/users", { email: "x@example.com", group: "viewer" })).status,
      403,
    );
    const after = (await s.api(viewer, "GET", `/api/tasks/${task.id}`)).body;
    assert.deepEqual(after, task);
  });

  it("rejects bad input with 400 and no token with 401", async () => {
    assert.equal((await s.api(editor, "POST", "/api/tasks", { title: "" })).status, 400);
    assert.equal((await s.api(editor, "POST", "/api/tasks", { title: "x", extra: 1 })).status, 400);
    assert.equal((await s.api(editor, "GET", "/api/tasks/not-a-uuid")).status, 400);
    assert.equal((await s.api("garbage", "GET", "/api/tasks")).status, 401);
    assert.equal((await fetch(`${s.app.url}/api/tasks`)).status, 401);
  });

  it("an admin invites a user, changes their group, and removes them from both sides", async () => {
    const invited = await s.api(admin, "POST", "/api/users", {
      email: "Newbie@Example.com",
      name: "New Bie",
      group: "viewer",
    });
    assert.equal(invited.status, 201);
    const { sub, username } = invited.body.user;
    assert.ok(invited.body.temporaryPassword);
    assert.equal(await s.permit.check(sub, "get", "task"), true, "synced to Permit at invitation");
    assert.equal(await s.permit.check(sub, "create", "task"), false);
    assert.equal(
      (await s.api(admin, "POST", "/api/users", { email: "newbie@example.com", group: "viewer" })).status,
      409,
    );

    assert.equal(
      (await s.api(admin, "PUT", `/api/users/${username}/group`, { group: "editor" })).status,
      200,
    );
    assert.equal(await s.permit.check(sub, "create", "task"), true, "the new group applies at once");
    assert.deepEqual(
      ((await s.api(admin, "GET", "/api/users")).body.users as { sub: string; groups: string[] }[]).find(
        (u) => u.sub === sub,
      )?.groups,
      ["editor"],
    );

    assert.equal(
      (await s.api(editor, "DELETE", `/api/users/${username}`)).status,
      403,
      "editors may not remove users",
    );
    assert.equal((await s.api(admin, "DELETE", `/api/users/${username}`)).status, 204);
    await assert.rejects(
      s.cognito.send(new AdminGetUserCommand({ UserPoolId: LOCAL_POOL_ID, Username: username })),
      /UserNotFound|not exist/i,
    );
    await assert.rejects(s.permit.api.users.get(sub));
    assert.equal(
      (await s.api(admin, "GET", "/api/users")).body.users.some((u: { sub: string }) => u.sub === sub),
      false,
    );
  });

  it("a removed user's still-valid token works no more and cannot sync them back", async () => {
    const invited = await s.api(admin, "POST", "/api/users", {
      email: "leaver@example.com",
      group: "editor",
    });
    const { sub, username } = invited.body.user;
    const password = "Leaver-Pass-42";
    const { AdminSetUserPasswordCommand } = await import("@aws-sdk/client-cognito-identity-provider");
    await s.cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: LOCAL_POOL_ID,
        Username: username,
        Password: password,
        Permanent: true,
      }),
    );
    await untilNextSecond();
    const token = await s.accessToken("leaver@example.com", password);
    assert.equal((await s.api(token, "POST", "/api/sync")).status, 200);
    assert.equal((await s.api(token, "POST", "/api/tasks", { title: "before" })).status, 201);
    const events = openLiveStream(`${s.app.url}/api/events`, token);
    await until(() => events.events.includes("ready"), "the stream to open");
    assert.equal((await s.api(admin, "DELETE", `/api/users/${username}`)).status, 204);
    // Two things end the session, whichever comes first: the app's own removal (then Permit denies:
    // 403) and the pool's `user.deleted` event (the token is refused: 401). Both say `removed`.
    await until(() => events.events.includes("removed"), "the removed event");
    events.close();
    const ended = [401, 403];
    const after = await s.api(token, "POST", "/api/tasks", { title: "after" });
    assert.ok(ended.includes(after.status), `create after removal: ${after.status}`);
    const list = await s.api(token, "GET", "/api/tasks");
    assert.ok(ended.includes(list.status), `list after removal: ${list.status}`);
    assert.equal(
      (await s.app.context.store.list()).some((t) => t.title === "after"),
      false,
    );
    assert.equal((await s.api(token, "POST", "/api/sync")).status, 401);
    assert.equal(await s.permit.check(sub, "get", "task"), false);
  });

  it("revoking a permission reaches the user's event stream, and the API denies at once", async (t) => {
    const events = openLiveStream(`${s.app.url}/api/events`, editor);
    try {
      await until(() => events.events.includes("ready"), "the stream to open");
      // Someone else's task: on their own, editors are owners, whom a tenant role change leaves alone.
      const task = (await s.api(admin, "POST", "/api/tasks", { title: "Doomed" })).body;
      const start = Date.now();
      await s.permit.api.roles.removePermissions("editor", ["task:delete"]);
      // How fast is for the bench (bench/scale/propagation.ts); here: that it arrives.
      await until(() => events.events.includes("permissions"), "the permissions event");
      t.diagnostic(`permissions event ${Date.now() - start} ms after the change`);
      assert.ok(
        !(await s.api(editor, "GET", "/api/me/permissions")).body.permissions.includes("task:delete"),
      );
      assert.equal((await s.api(editor, "DELETE", `/api/tasks/${task.id}`)).status, 403);
      await s.permit.api.roles.assignPermissions("editor", ["task:delete"]);
      assert.equal((await s.api(editor, "DELETE", `/api/tasks/${task.id}`)).status, 204);
    } finally {
      events.close();
    }
  });

  it("fails closed: with the authorization service down, protected routes answer 503 and do nothing", async () => {
    const before = (await s.api(editor, "GET", "/api/tasks")).body.tasks.length;
    await s.authz.close();
    const res = await s.api(editor, "POST", "/api/tasks", { title: "while down" });
    assert.equal(res.status, 503);
    assert.equal(res.body.error, "authorization_unavailable");
    assert.equal((await s.api(editor, "GET", "/api/tasks")).status, 503);
    assert.equal((await s.app.context.store.list()).length, before);
  });
});
