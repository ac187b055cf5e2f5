/**
 * Where audit records go: on SQLite the log's own file (owner-only), every decision of a burst kept,
 * rows an older version kept in the policy store moved over once; on PostgreSQL one statement per
 * batch that stores any string exactly.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { TEST_API_KEY } from "@tollgate/testkit/authz";
import { createTestDatabase, PG_SKIP_REASON, pgAvailable } from "@tollgate/testkit/postgres";
import Database from "better-sqlite3";
import { createAuthzService } from "../src/index.ts";
import { insertAuditBatch } from "../src/storage/audit.ts";
import { openSqliteStore } from "../src/storage/sqlite.ts";

const pgSkip = (await pgAvailable()) ? false : PG_SKIP_REASON;
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "tollgate-audit-"));
  dirs.push(d);
  return d;
}

const decision = (i: number) => ({
  user: `user-${i}`,
  action: "read",
  type: "doc",
  key: i % 2 === 0 ? `doc-${i}` : undefined,
  decision: { allow: i % 3 === 0, reason: "no_permission" as const, tenant: "default" },
});

describe("audit log on SQLite", () => {
  it("keeps every decision of a burst, in its own owner-only file", async () => {
    const dataDir = tempDir();
    const service = await createAuthzService({ dataDir, apiKeys: [TEST_API_KEY] });
    try {
      const n = 25_000;
      for (let i = 0; i < n; i++) service.audit.record(decision(i));
      await service.audit.flush();
      assert.equal(service.audit.dropped, 0);
      const page = await service.audit.query({ page: 1, perPage: 2 });
      assert.equal(page.total_count, n);
      assert.equal(page.data[0]!.user, `user-${n - 1}`, "newest first");
      assert.equal(page.data[0]!.resource_key, null);
      assert.equal(page.data[1]!.resource_key, `doc-${n - 2}`);
      assert.match(page.data[0]!.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.equal(statSync(join(dataDir, "authz-audit.db")).mode & 0o777, 0o600);
      const policy = new Database(join(dataDir, "authz.db"), { readonly: true });
      assert.equal((policy.prepare("select count(*) as n from audit_log").get() as { n: number }).n, 0);
      policy.close();
    } finally {
      await service.close();
    }
  });

  it("moves the decisions an older version kept in the policy store into the audit file, once", async () => {
    const dataDir = tempDir();
    const store = await openSqliteStore(join(dataDir, "authz.db"));
    await insertAuditBatch(store.db, [
      {
        at: "2026-01-01T00:00:00.000Z",
        user: "old-1",
        action: "read",
        resource_type: "doc",
        resource_key: null,
        tenant: "default",
        allow: true,
        reason: "allowed",
      },
      {
        at: "2026-01-01T00:00:01.000Z",
        user: "old-2",
        action: "read",
        resource_type: "doc",
        resource_key: "d",
        tenant: "default",
        allow: false,
        reason: "no_permission",
      },
    ]);
    await store.close();
    for (let start = 0; start < 2; start++) {
      const service = await createAuthzService({ dataDir, apiKeys: [TEST_API_KEY] });
      try {
        if (start === 0) service.audit.record(decision(1));
        const page = await service.audit.query({ page: 1, perPage: 10 });
        assert.deepEqual(
          page.data.map((e) => e.user),
          ["user-1", "old-2", "old-1"],
        );
        assert.equal(page.data[2]!.allow, true);
      } finally {
        await service.close();
      }
    }
  });
});

describe("audit log on PostgreSQL", { skip: pgSkip }, () => {
  it("writes a batch in one statement, keeping every string exactly", async () => {
    const db = await createTestDatabase();
    const service = await createAuthzService({ databaseUrl: db.url, apiKeys: [TEST_API_KEY] });
    try {
      const awkward = ["a,b", '"quoted"', "{braces}", "NULL", "back\\slash", "ünï cödé ✓", "", "tab\there"];
      for (const [i, s] of awkward.entries()) {
        service.audit.record({ ...decision(i), user: `u${i}${s}`, key: s === "NULL" ? undefined : s });
      }
      for (let i = 0; i < 5000; i++) service.audit.record(decision(i));
      await service.audit.flush();
      const page = await service.audit.query({ page: 1, perPage: 10_000 });
      assert.equal(page.total_count, awkward.length + 5000);
      const oldestFirst = [...page.data].reverse();
      for (const [i, s] of awkward.entries()) {
        assert.equal(oldestFirst[i]!.user, `u${i}${s}`);
        assert.equal(oldestFirst[i]!.resource_key, s === "NULL" ? null : s);
      }
    } finally {
      await service.close();
      await db.drop();
    }
  });
});
