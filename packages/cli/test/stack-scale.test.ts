/**
 * The stack scaled out on PostgreSQL: the authorization service and the tasks app on a shared
 * database, a second app instance beside the first, each forwarding live permission events to its
 * own browsers.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startTasksApp } from "@tollgate/tasks-app";
import { createTestDatabase, PG_SKIP_REASON, pgAvailable } from "@tollgate/testkit/postgres";
import { startTestStack, type TestStack } from "@tollgate/testkit/stack";

const skip = (await pgAvailable()) ? false : PG_SKIP_REASON;
if (skip) console.log(`# skipped scale-out stack tests: ${skip}`);

async function firstEvent(url: string, token: string, name: string, trigger: () => Promise<unknown>) {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let triggered = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error("stream ended");
      buffer += value;
      if (!triggered && buffer.includes("event: ready")) {
        triggered = true;
        await trigger();
      }
      if (buffer.includes(`event: ${name}`)) return true;
    }
  } finally {
    controller.abort();
  }
}

describe("scale-out stack on PostgreSQL", { skip }, () => {
  let s: TestStack;
  let second: Awaited<ReturnType<typeof startTasksApp>>;
  const dbs: { drop(): Promise<void> }[] = [];

  before(async () => {
    if (skip) return;
    const authzDb = await createTestDatabase();
    const appDb = await createTestDatabase();
    dbs.push(authzDb, appDb);
    s = await startTestStack({ authzDatabaseUrl: authzDb.url, appDatabaseUrl: appDb.url });
    second = await startTasksApp({ ...s.appConfig, port: 0 }, { webDir: "/nonexistent" });
  });
  after(async () => {
    await second?.close();
    await s?.stop();
    for (const db of dbs) await db.drop();
  });

  it("two app instances share tasks, and each forwards permission changes to its own browsers", async () => {
    const editor = await s.accessToken("editor@example.com");
    assert.equal((await s.api(editor, "POST", "/api/sync")).status, 200);
    const created = await s.api(editor, "POST", "/api/tasks", { title: "Shared" });
    assert.equal(created.status, 201);
    const onSecond = await fetch(`${second.url}/api/tasks/${created.body.id}`, {
      headers: { authorization: `Bearer ${editor}` },
    });
    assert.equal(((await onSecond.json()) as { title: string }).title, "Shared");

    const revoke = () => s.permit.api.roles.removePermissions("editor", ["task:update"]);
    const restore = () => s.permit.api.roles.assignPermissions("editor", ["task:update"]);
    assert.ok(await firstEvent(`${s.app.url}/api/events`, editor, "permissions", revoke));
    assert.ok(await firstEvent(`${second.url}/api/events`, editor, "permissions", restore));
  });

  it("exposes Prometheus metrics on every service", async () => {
    for (const [url, prefix] of [
      [s.authz.url, "tollgate_authz"],
      [s.userPool.url, "tollgate_user_pool"],
      [s.app.url, "tollgate_app"],
    ] as const) {
      const text = await (await fetch(`${url}/metrics`)).text();
      assert.match(text, new RegExp(`${prefix}_http_request_duration_seconds_count`), url);
    }
    assert.match(
      await (await fetch(`${s.app.url}/metrics`)).text(),
      /tollgate_app_user_syncs_total\{status="(updated|created|skipped)"\} [1-9]/,
    );
  });
});
