/**
 * Per-task permissions in the tasks app, on the stack `npm start` runs (real authorization service,
 * real user pool, the app over HTTP): owners, sharing, list filtering, live per-object events and the
 * migration of earlier tasks.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { backfillOwners } from "@tollgate/tasks-app";
import { openLiveStream } from "@tollgate/testkit/live-stream";
import { startTestStack, type TestStack } from "@tollgate/testkit/stack";
import { until, untilNextSecond } from "@tollgate/testkit/until";
import { LOCAL_POOL_ID } from "../src/stack/local-seed.ts";

const PASSWORD = "Fine-Grained-42";
const task = (id: string) => ({ type: "task", key: id, tenant: "default" });

/** A user's event stream (the shared reader), waiting for an event after the first `from` ones. */
function openEvents(url: string, token: string) {
  const stream = openLiveStream(url, token);
  return {
    events: stream.events,
    waitFor: (name: string, from = 0) =>
      until(() => stream.events.slice(from).includes(name), `a '${name}' event`),
    close: () => stream.close(),
  };
}

describe("per-task permissions in the tasks app (owners, sharing, filtered lists)", () => {
  let s: TestStack;
  let editor: string;
  let viewer: string;
  let admin: string;
  /** A user in no group, given only `task:create` by hand (a "contributor"). */
  let contributor: string;
  let contributorSub: string;
  /** A user in no group and with no role at all: sees only what is shared with them. */
  let guest: string;
  let guestSub: string;

  const newUser = async (email: string) => {
    await s.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: LOCAL_POOL_ID,
        Username: email,
        MessageAction: "SUPPRESS",
        UserAttributes: [
          { Name: "email", Value: email },
          { Name: "email_verified", Value: "true" },
        ],
      }),
    );
    await s.cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: LOCAL_POOL_ID,
        Username: email,
        Password: PASSWORD,
        Permanent: true,
      }),
    );
    await untilNextSecond();
    const token = await s.accessToken(email, PASSWORD);
    const synced = await s.api(token, "POST", "/api/sync");
    assert.equal(synced.status, 200);
    return { token, sub: synced.body.user.sub as string };
  };

  before(async () => {
    s = await startTestStack();
    editor = await s.accessToken("editor@example.com");
    viewer = await s.accessToken("viewer@example.com");
    admin = await s.accessToken("admin@example.com");
    for (const t of [editor, viewer, admin]) assert.equal((await s.api(t, "POST", "/api/sync")).status, 200);
    ({ token: contributor, sub: contributorSub } = await newUser("contributor@example.com"));
    ({ token: guest, sub: guestSub } = await newUser("guest@example.com"));
    await s.permit.api.roles.create({
      key: "contributor",
      name: "Contributor",
      permissions: ["task:create"],
    });
    await s.permit.api.users.assignRole({ user: contributorSub, role: "contributor", tenant: "default" });
  });
  after(() => s.stop());

  it("the creator owns the task: the instance exists and the owner may edit, check and delete it", async () => {
    const created = await s.api(contributor, "POST", "/api/tasks", { title: "Mine" });
    assert.equal(created.status, 201);
    const id = created.body.id;
    assert.equal((await s.permit.api.resourceInstances.get(`task:${id}`)).key, id);
    assert.equal(await s.permit.check(contributorSub, "delete", task(id)), true);
    assert.equal(await s.permit.check(contributorSub, "delete", "task"), false, "not tenant-wide");

    const others = (await s.api(editor, "POST", "/api/tasks", { title: "Not theirs" })).body;
    const listed = await s.api(contributor, "GET", "/api/tasks");
    assert.equal(listed.status, 200);
    assert.deepEqual(
      listed.body.tasks.map((t: { id: string }) => t.id),
      [id],
      "only the task they own",
    );
    assert.deepEqual(listed.body.tasks[0].allowed, ["get", "update", "check", "delete", "share"]);

    assert.equal(
      (await s.api(contributor, "PATCH", `/api/tasks/${id}`, { title: "Mine, renamed" })).status,
      200,
    );
    assert.equal((await s.api(contributor, "POST", `/api/tasks/${id}/check`, { done: true })).status, 200);
    assert.equal((await s.api(contributor, "GET", `/api/tasks/${id}`)).body.title, "Mine, renamed");
    // Someone else's task: their role gives nothing there, and nothing changes.
    assert.equal((await s.api(contributor, "PATCH", `/api/tasks/${others.id}`, { title: "x" })).status, 403);
    assert.equal((await s.api(contributor, "DELETE", `/api/tasks/${others.id}`)).status, 403);
    assert.equal((await s.api(contributor, "GET", `/api/tasks/${others.id}`)).status, 403);
    assert.equal((await s.api(editor, "GET", `/api/tasks/${others.id}`)).body.title, "Not theirs");

    // Editors keep their tenant-wide rights on tasks they do not own; viewers still only read.
    assert.equal((await s.api(editor, "POST", `/api/tasks/${id}/check`, { done: false })).status, 200);
    assert.equal((await s.api(viewer, "PATCH", `/api/tasks/${id}`, { title: "nope" })).status, 403);
    const forViewer = (await s.api(viewer, "GET", "/api/tasks")).body.tasks.find(
      (t: { id: string }) => t.id === id,
    );
    assert.deepEqual(forViewer.allowed, ["get"]);

    assert.equal((await s.api(contributor, "DELETE", `/api/tasks/${id}`)).status, 204);
    await assert.rejects(s.permit.api.resourceInstances.get(`task:${id}`), "the instance went with the task");
    assert.equal(await s.permit.check(contributorSub, "delete", task(id)), false);
  });

  it("sharing: an owner shares by e-mail, changes the role, and revokes; the guest sees exactly that", async () => {
    const t = (await s.api(editor, "POST", "/api/tasks", { title: "Shared plan" })).body;
    assert.equal((await s.api(guest, "GET", "/api/tasks")).status, 403, "nothing to see yet");
    assert.equal((await s.api(guest, "GET", `/api/tasks/${t.id}`)).status, 403);

    const shared = await s.api(editor, "POST", `/api/tasks/${t.id}/shares`, {
      user: "Guest@Example.com",
      role: "viewer",
    });
    assert.equal(shared.status, 201, JSON.stringify(shared.body));
    const editorSub = (await s.api(editor, "GET", "/api/me/permissions")).body.sub;
    const roles = (list: { sub: string; role: string }[]) =>
      list
        .map((x) => `${x.sub === editorSub ? "editor" : x.sub === guestSub ? "guest" : x.sub}:${x.role}`)
        .sort();
    assert.deepEqual(roles(shared.body.shares), ["editor:owner", "guest:viewer"]);

    const seen = await s.api(guest, "GET", "/api/tasks");
    assert.equal(seen.status, 200);
    assert.deepEqual(
      seen.body.tasks.map((x: { id: string; allowed: string[] }) => [x.id, x.allowed]),
      [[t.id, ["get"]]],
    );
    assert.equal((await s.api(guest, "PATCH", `/api/tasks/${t.id}`, { title: "x" })).status, 403);
    assert.equal(
      (await s.api(guest, "GET", `/api/tasks/${t.id}/shares`)).status,
      403,
      "only sharers see shares",
    );

    // The same person as editor: one role per person, now with edit rights.
    const promoted = await s.api(editor, "POST", `/api/tasks/${t.id}/shares`, {
      user: guestSub,
      role: "editor",
    });
    assert.equal(promoted.status, 201);
    assert.deepEqual(roles(promoted.body.shares), ["editor:owner", "guest:editor"]);
    assert.equal(
      (await s.api(guest, "PATCH", `/api/tasks/${t.id}`, { title: "Shared plan v2" })).status,
      200,
    );
    assert.equal(
      (await s.api(guest, "DELETE", `/api/tasks/${t.id}`)).status,
      403,
      "editors of a task do not delete it",
    );
    assert.equal(
      (
        await s.api(guest, "POST", `/api/tasks/${t.id}/shares`, {
          user: "viewer@example.com",
          role: "viewer",
        })
      ).status,
      403,
      "a shared editor may not share further",
    );

    assert.equal((await s.api(editor, "DELETE", `/api/tasks/${t.id}/shares/${guestSub}`)).status, 204);
    assert.equal((await s.api(guest, "GET", "/api/tasks")).status, 403);
    assert.equal((await s.api(guest, "GET", `/api/tasks/${t.id}`)).status, 403);
    const again = await s.api(editor, "DELETE", `/api/tasks/${t.id}/shares/${guestSub}`);
    assert.equal(again.status, 404);
    assert.equal(again.body.error, "share_not_found");
  });

  it("only owners and admins share; bad requests are refused and change nothing", async () => {
    const t = (await s.api(editor, "POST", "/api/tasks", { title: "Guarded" })).body;
    const adminShare = await s.api(admin, "POST", `/api/tasks/${t.id}/shares`, {
      user: guestSub,
      role: "viewer",
    });
    assert.equal(adminShare.status, 201, "admins share any task");
    assert.equal(
      (await s.api(viewer, "POST", `/api/tasks/${t.id}/shares`, { user: guestSub, role: "editor" })).status,
      403,
    );
    const other = (await s.api(admin, "POST", "/api/tasks", { title: "The admin's" })).body;
    assert.equal(
      (await s.api(editor, "POST", `/api/tasks/${other.id}/shares`, { user: guestSub, role: "viewer" }))
        .status,
      403,
      "an editor does not own the admin's task",
    );

    const editorSub = (await s.api(editor, "GET", "/api/me/permissions")).body.sub;
    const bad: [unknown, number, string?][] = [
      [{ user: guestSub, role: "owner" }, 400],
      [{ user: guestSub, role: "viewer", extra: 1 }, 400],
      [{ user: "", role: "viewer" }, 400],
      [{ user: "nobody@example.com", role: "viewer" }, 404, "user_not_found"],
      [{ user: editorSub, role: "viewer" }, 400, "cannot_share_with_self"],
    ];
    for (const [body, status, code] of bad) {
      const res = await s.api(editor, "POST", `/api/tasks/${t.id}/shares`, body);
      assert.equal(res.status, status, JSON.stringify(body));
      if (code) assert.equal(res.body.error, code);
    }
    // The owner cannot be "unshared"; the task keeps its owner.
    assert.equal((await s.api(admin, "DELETE", `/api/tasks/${t.id}/shares/${editorSub}`)).status, 404);
    assert.equal(await s.permit.check(editorSub, "share", task(t.id)), true);
    assert.equal(
      (
        await s.api(editor, "POST", "/api/tasks/00000000-0000-4000-8000-000000000000/shares", {
          user: guestSub,
          role: "viewer",
        })
      ).status,
      403,
      "no such task: no role on it either",
    );
    assert.equal((await s.api(editor, "GET", "/api/tasks/not-a-uuid/shares")).status, 400);
    const list = (await s.api(editor, "GET", `/api/tasks/${t.id}/shares`)).body.shares;
    assert.deepEqual(list.map((x: { role: string }) => x.role).sort(), ["owner", "viewer"]);
  });

  it("a share and an unshare reach the other user's event stream as a tasks event", async () => {
    const t = (await s.api(editor, "POST", "/api/tasks", { title: "Live one" })).body;
    const events = openEvents(`${s.app.url}/api/events`, guest);
    try {
      await events.waitFor("ready");
      let from = events.events.length;
      await s.api(editor, "POST", `/api/tasks/${t.id}/shares`, { user: guestSub, role: "viewer" });
      await events.waitFor("tasks", from);
      assert.ok(
        (await s.api(guest, "GET", "/api/tasks")).body.tasks.some((x: { id: string }) => x.id === t.id),
      );
      from = events.events.length;
      await s.api(editor, "DELETE", `/api/tasks/${t.id}/shares/${guestSub}`);
      await events.waitFor("tasks", from);
      // An instance role given in the console (through the SDK) reaches the page the same way.
      from = events.events.length;
      await s.permit.api.roleAssignments.assign({
        user: guestSub,
        role: "viewer",
        resource_instance: `task:${t.id}`,
        tenant: "default",
      });
      await events.waitFor("tasks", from);

      // A project membership, and a task filed into the project, reach it too.
      const p = (await s.api(editor, "POST", "/api/projects", { name: "Live project" })).body.id;
      const inProject = (await s.api(editor, "POST", "/api/tasks", { title: "In the project" })).body;
      from = events.events.length;
      await s.api(editor, "POST", `/api/projects/${p}/members`, { user: guestSub, role: "member" });
      await events.waitFor("tasks", from);
      from = events.events.length;
      await s.api(editor, "PUT", `/api/tasks/${inProject.id}/project`, { project: p });
      await events.waitFor("tasks", from);
      assert.ok(
        (await s.api(guest, "GET", "/api/tasks")).body.tasks.some(
          (x: { id: string }) => x.id === inProject.id,
        ),
      );
      await s.api(editor, "DELETE", `/api/projects/${p}/members/${guestSub}`);
    } finally {
      events.close();
    }
  });

  it("tasks from before per-task roles get their creator as owner, once", async () => {
    const store = s.app.context.store;
    const now = new Date().toISOString();
    const id = "11111111-2222-4333-8444-555555555555";
    await store.insert(
      {
        id,
        title: "From last year",
        done: false,
        created_by: contributorSub,
        created_by_name: null,
        created_at: now,
        updated_at: now,
      },
      false,
    );
    assert.equal(await s.permit.check(contributorSub, "update", task(id)), false);
    assert.equal(await backfillOwners(s.permit, store), 1);
    assert.equal(await s.permit.check(contributorSub, "update", task(id)), true);
    assert.equal(
      (await s.api(contributor, "PATCH", `/api/tasks/${id}`, { title: "Still mine" })).status,
      200,
    );
    assert.equal(await backfillOwners(s.permit, store), 0, "nothing left to migrate");
  });
  it("projects: a member sees the project's tasks, a maintainer edits them, through relationship tuples", async () => {
    const created = await s.api(editor, "POST", "/api/projects", { name: "Offsite" });
    assert.equal(created.status, 201);
    const p = created.body.id;
    assert.equal((await s.api(viewer, "POST", "/api/projects", { name: "no" })).status, 403);
    const t = (await s.api(editor, "POST", "/api/tasks", { title: "Book the venue" })).body;
    const filed = await s.api(editor, "PUT", `/api/tasks/${t.id}/project`, { project: p });
    assert.equal(filed.status, 200);
    assert.equal(filed.body.project_id, p);
    const tuples = await s.permit.api.relationshipTuples.list({ objectId: `task:${t.id}` } as never);
    assert.ok(JSON.stringify(tuples).includes(`project:${p}`), "the tuple project:p parent task:t exists");

    // Adding the guest to the project grants its task at once; nothing is shared with them directly.
    const guestSees = async () =>
      ((await s.api(guest, "GET", "/api/tasks")).body.tasks ?? []).map((x: { id: string }) => x.id);
    assert.ok(!(await guestSees()).includes(t.id));
    const added = await s.api(editor, "POST", `/api/projects/${p}/members`, {
      user: guestSub,
      role: "member",
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const seen = (await s.api(guest, "GET", "/api/tasks")).body.tasks;
    assert.deepEqual(
      seen.filter((x: { id: string }) => x.id === t.id).map((x: { allowed: string[] }) => x.allowed),
      [["get"]],
    );
    assert.deepEqual(
      (await s.api(guest, "GET", "/api/projects")).body.projects.map((x: { id: string }) => x.id),
      [p],
    );
    assert.equal((await s.api(guest, "PATCH", `/api/tasks/${t.id}`, { title: "x" })).status, 403);
    assert.equal(
      (await s.api(guest, "POST", `/api/projects/${p}/members`, { user: contributorSub, role: "member" }))
        .status,
      403,
      "members do not manage members",
    );

    // Maintainer: the derived task role is editor.
    await s.api(editor, "POST", `/api/projects/${p}/members`, { user: guestSub, role: "maintainer" });
    assert.equal(
      (await s.api(guest, "PATCH", `/api/tasks/${t.id}`, { title: "Book the big venue" })).status,
      200,
    );
    assert.equal((await s.api(guest, "DELETE", `/api/tasks/${t.id}`)).status, 403, "editor, not owner");

    // Out of the project: the task goes with it.
    assert.equal((await s.api(editor, "PUT", `/api/tasks/${t.id}/project`, { project: null })).status, 200);
    assert.equal((await s.api(guest, "GET", `/api/tasks/${t.id}`)).status, 403);
    await s.api(editor, "PUT", `/api/tasks/${t.id}/project`, { project: p });
    assert.equal((await s.api(guest, "GET", `/api/tasks/${t.id}`)).status, 200);
    assert.equal((await s.api(editor, "DELETE", `/api/projects/${p}/members/${guestSub}`)).status, 204);
    assert.equal((await s.api(guest, "GET", `/api/tasks/${t.id}`)).status, 403);
    assert.equal((await s.api(editor, "DELETE", `/api/projects/${p}/members/${guestSub}`)).status, 404);
    const members = (await s.api(editor, "GET", `/api/projects/${p}/members`)).body.members;
    assert.deepEqual(
      members.map((m: { role: string }) => m.role),
      ["maintainer"],
    );
    assert.equal((await s.api(editor, "PUT", `/api/tasks/${t.id}/project`, { project: "nope" })).status, 400);
    assert.equal(
      (await s.api(editor, "POST", `/api/projects/${p}/members`, { user: guestSub, role: "owner" })).status,
      400,
    );
  });

  it("confidential tasks: only users with high clearance see them, whatever their role", async () => {
    const t = (await s.api(editor, "POST", "/api/tasks", { title: "Salaries" })).body;
    assert.equal(
      (await s.api(viewer, "PUT", `/api/tasks/${t.id}/confidential`, { confidential: true })).status,
      403,
    );
    const marked = await s.api(editor, "PUT", `/api/tasks/${t.id}/confidential`, { confidential: true });
    assert.equal(marked.status, 200);
    assert.equal(marked.body.confidential, true);

    const listed = async (token: string) =>
      (await s.api(token, "GET", "/api/tasks")).body.tasks.some((x: { id: string }) => x.id === t.id);
    for (const token of [viewer, editor, admin]) {
      assert.equal(await listed(token), false, "no role reveals it");
    }
    assert.equal((await s.api(admin, "GET", `/api/tasks/${t.id}`)).status, 403);
    assert.equal((await s.api(editor, "PATCH", `/api/tasks/${t.id}`, { title: "x" })).status, 403);

    // An admin sets clearance in the app's users screen; the rule in the policy does the rest.
    assert.equal(
      (await s.api(viewer, "PUT", "/api/users/admin@example.com/clearance", { clearance: "high" })).status,
      403,
    );
    assert.equal(
      (await s.api(admin, "PUT", "/api/users/viewer@example.com/clearance", { clearance: "top" })).status,
      400,
    );
    const set = await s.api(admin, "PUT", "/api/users/viewer@example.com/clearance", { clearance: "high" });
    assert.equal(set.status, 200);
    assert.equal(await listed(viewer), true);
    assert.equal((await s.api(viewer, "GET", `/api/tasks/${t.id}`)).status, 200);
    assert.equal(
      (await s.api(viewer, "PATCH", `/api/tasks/${t.id}`, { title: "x" })).status,
      403,
      "still a viewer",
    );
    assert.equal(await listed(editor), false);
    const clearances = (await s.api(admin, "GET", "/api/clearances")).body.clearances;
    assert.equal(clearances[set.body.sub], "high");
    // A later sign-in sync keeps the attribute.
    assert.equal((await s.api(viewer, "POST", "/api/sync")).status, 200);
    assert.equal(await listed(viewer), true);

    await s.api(admin, "PUT", "/api/users/viewer@example.com/clearance", { clearance: "standard" });
    assert.equal(await listed(viewer), false);
    // Unmarking needs to see it too: the owner without clearance cannot, a cleared admin can.
    assert.equal(
      (await s.api(editor, "PUT", `/api/tasks/${t.id}/confidential`, { confidential: false })).status,
      403,
    );
    await s.api(admin, "PUT", "/api/users/admin@example.com/clearance", { clearance: "high" });
    assert.equal(
      (await s.api(admin, "PUT", `/api/tasks/${t.id}/confidential`, { confidential: false })).status,
      200,
    );
    assert.equal(await listed(viewer), true);
  });
});
