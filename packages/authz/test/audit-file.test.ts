/**
 * The audit log's own SQLite file as integer rows: every filter of the API on it, decisions kept
 * across a close and a reopen, the string dictionary starting over without mixing strings up, a
 * file of the previous text layout moved over, and a stalled database costing no decision.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { TEST_API_KEY } from "@tollgate/testkit/authz";
import Database from "better-sqlite3";
import { createAuthzService } from "../src/index.ts";

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "tollgate-audit-file-"));
  dirs.push(d);
  return d;
}
const open = (dataDir: string) => createAuthzService({ dataDir, apiKeys: [TEST_API_KEY] });
const all = { page: 1, perPage: 100 };

describe("audit log file", () => {
  it("answers every filter, and a string never logged matches nothing", async () => {
    const service = await open(tempDir());
    try {
      const a = service.audit;
      a.record({
        user: "ann",
        action: "read",
        type: "doc",
        key: "d1",
        decision: { allow: true, reason: "allowed", tenant: "acme" },
      });
      a.record({
        user: "bob",
        action: "read",
        type: "doc",
        decision: { allow: false, reason: "no_permission", tenant: "acme" },
      });
      a.record({
        user: "ann",
        action: "delete",
        type: "task",
        decision: { allow: false, reason: "no_role_in_tenant", tenant: "initech" },
      });
      const users = async (q: Record<string, unknown>) =>
        (await a.query({ ...all, ...q })).data.map((e) => e.user);
      assert.deepEqual(await users({}), ["ann", "bob", "ann"]);
      assert.deepEqual(await users({ user: "ann" }), ["ann", "ann"]);
      assert.deepEqual(await users({ action: "read" }), ["bob", "ann"]);
      assert.deepEqual(await users({ resource: "task" }), ["ann"]);
      assert.deepEqual(await users({ tenant: "acme", allowed: false }), ["bob"]);
      assert.deepEqual(await users({ user: "ann", allowed: true }), ["ann"]);
      assert.deepEqual(await users({ user: "nobody" }), []);
      assert.deepEqual(
        await users({ tenant: "read" }),
        [],
        "a string logged in another field matches nothing here",
      );
      const newest = await a.query(all);
      assert.equal(newest.total_count, 3);
      assert.deepEqual(
        { ...newest.data[2], id: 0, at: "" },
        {
          id: 0,
          at: "",
          user: "ann",
          action: "read",
          resource_type: "doc",
          resource_key: "d1",
          tenant: "acme",
          allow: true,
          reason: "allowed",
        },
      );
      assert.equal(newest.data[0]!.reason, "no_role_in_tenant");
      assert.equal(newest.data[1]!.resource_key, null);
      // The live tail: only what came after an id, even with a filter.
      const tail = await a.query({ ...all, afterId: newest.data[2]!.id, user: "ann" });
      assert.deepEqual(
        tail.data.map((e) => e.action),
        ["delete"],
      );
      const paged = await a.query({ page: 2, perPage: 2 });
      assert.deepEqual(
        { n: paged.data.length, total: paged.total_count, pages: paged.page_count },
        { n: 1, total: 3, pages: 2 },
      );
    } finally {
      await service.close();
    }
  });

  it("keeps every decision recorded before a clean close, unflushed ones included", async () => {
    const dataDir = tempDir();
    const n = 5000;
    let service = await open(dataDir);
    const before = Date.now();
    for (let i = 0; i < n; i++) {
      service.audit.record({
        user: `u${i % 700}`,
        action: i % 2 ? "read" : "write",
        type: "doc",
        key: `k${i}`,
        decision: { allow: i % 3 === 0, reason: "allowed", tenant: "default" },
      });
    }
    await service.close();
    service = await open(dataDir);
    try {
      const page = await service.audit.query({ page: 1, perPage: 100 });
      assert.equal(page.total_count, n);
      assert.equal(page.data[0]!.resource_key, `k${n - 1}`);
      assert.equal(page.data[0]!.user, `u${(n - 1) % 700}`);
      assert.ok(Date.parse(page.data[0]!.at) >= before - 1000);
      assert.equal((await service.audit.query({ ...all, user: "u7" })).total_count, Math.ceil((n - 7) / 700));
    } finally {
      await service.close();
    }
  });

  it("keeps strings right when the dictionary starts over (more distinct strings than it holds)", async () => {
    const service = await open(tempDir());
    try {
      const n = 140_000;
      for (let i = 0; i < n; i++) {
        service.audit.record({
          user: `user-${i}`,
          action: "read",
          type: "doc",
          decision: { allow: true, reason: "allowed", tenant: "default" },
        });
        if (i % 10_000 === 9999) await service.audit.flush();
      }
      // The same users again, after the restarts: numbered anew, the same strings in the file.
      for (const i of [0, 70_000, n - 1]) {
        service.audit.record({
          user: `user-${i}`,
          action: "write",
          type: "doc",
          decision: { allow: false, reason: "no_permission", tenant: "default" },
        });
      }
      assert.equal((await service.audit.query(all)).total_count, n + 3);
      for (const i of [0, 1, 65_535, 65_536, 70_000, 131_072, n - 1]) {
        const logged = await service.audit.query({ ...all, user: `user-${i}` });
        const expected = [0, 70_000, n - 1].includes(i) ? ["write", "read"] : ["read"];
        assert.deepEqual(
          logged.data.map((e) => e.action),
          expected,
          `user-${i}`,
        );
      }
      assert.equal(service.audit.dropped, 0);
    } finally {
      await service.close();
    }
  });

  it("moves a file of the previous layout (a row of strings per decision) over, once", async () => {
    const dataDir = tempDir();
    const old = new Database(join(dataDir, "authz-audit.db"));
    old.exec(`create table audit_log (id integer primary key, at text not null, user_key text not null,
      action text not null, resource_type text not null, resource_key text, tenant text not null,
      allow integer not null, reason text not null)`);
    const add = old.prepare(
      "insert into audit_log (at, user_key, action, resource_type, resource_key, tenant, allow, reason) values (?, ?, ?, ?, ?, ?, ?, ?)",
    );
    add.run("2026-01-01T00:00:00.123Z", "old-1", "read", "doc", null, "default", 1, "allowed");
    add.run("2026-01-01T00:00:01.000Z", "old-2", "read", "doc", "d", "acme", 0, "no_permission");
    old.close();
    for (let start = 0; start < 2; start++) {
      const service = await open(dataDir);
      try {
        if (start === 0)
          service.audit.record({
            user: "new",
            action: "read",
            type: "doc",
            decision: { allow: true, reason: "allowed", tenant: "default" },
          });
        const page = await service.audit.query(all);
        assert.deepEqual(
          page.data.map((e) => e.user),
          ["new", "old-2", "old-1"],
        );
        assert.equal(page.data[2]!.at, "2026-01-01T00:00:00.123Z");
        assert.deepEqual(
          [page.data[1]!.resource_key, page.data[1]!.tenant, page.data[1]!.allow],
          ["d", "acme", false],
        );
      } finally {
        await service.close();
      }
    }
    // The view keeps the old columns for anyone reading the file directly.
    const file = new Database(join(dataDir, "authz-audit.db"), { readonly: true });
    const row = file.prepare("select * from audit_log where user_key = 'old-1'").get();
    file.close();
    assert.deepEqual(row, {
      id: 1,
      at: "2026-01-01T00:00:00.123Z",
      user_key: "old-1",
      action: "read",
      resource_type: "doc",
      resource_key: null,
      tenant: "default",
      allow: 1,
      reason: "allowed",
    });
  });

  it("holds decisions while another connection blocks the file, and writes them all once it is free", async () => {
    const dataDir = tempDir();
    const service = await open(dataDir);
    const blocker = new Database(join(dataDir, "authz-audit.db"));
    try {
      const rec = (i: number) =>
        service.audit.record({
          user: `held-${i}`,
          action: "read",
          type: "doc",
          decision: { allow: true, reason: "allowed", tenant: "default" },
        });
      blocker.exec("begin immediate");
      for (let i = 0; i < 100; i++) rec(i);
      // The writer waits out its busy timeout, then keeps the batch.
      await service.audit.flush();
      blocker.exec("rollback");
      // Nothing new recorded: the held decisions are written by the next flush all the same.
      assert.equal((await service.audit.query({ page: 1, perPage: 1 })).total_count, 100);
      for (let i = 100; i < 200; i++) rec(i);
      const page = await service.audit.query({ page: 1, perPage: 1 });
      assert.equal(page.total_count, 200);
      assert.equal(page.data[0]!.user, "held-199");
      assert.equal((await service.audit.query({ ...all, user: "held-0" })).total_count, 1);
      assert.equal(service.audit.dropped, 0);
    } finally {
      blocker.close();
      await service.close();
    }
  });
});
