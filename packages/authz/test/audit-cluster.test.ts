/**
 * The audit log under `tollgate authz --workers 2` on SQLite: a burst of concurrent checks spread
 * over the workers is logged exactly once each, with nothing waiting for a flush timer lost when the
 * cluster stops cleanly, and a cluster started again on the same data reads it all back.
 */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { type ClusterProcess, startCluster } from "@tollgate/testkit/cluster";
import Database from "better-sqlite3";

const WORKERS = 2;
const BURST = 300;
/** A resource type nothing else uses; the burst's users are never synced, so every check is denied (and logged). */
const TYPE = "burst_doc";

/** Every logged user of TYPE, through the API, newest first, page by page. */
async function loggedUsers(c: ClusterProcess): Promise<string[]> {
  const scope = (await c.call("GET", "/v2/api-key/scope")).body;
  const path = `/v2/pdps/${scope.project_id}/${scope.environment_id}/audit_logs?resource=${TYPE}&per_page=100`;
  const users: string[] = [];
  for (let page = 1; ; page++) {
    const r = await c.call("GET", `${path}&page=${page}`);
    assert.equal(r.status, 200);
    users.push(...r.body.data.map((e: { user: string }) => e.user));
    if (page >= r.body.page_count) return users;
  }
}

function assertEachOnce(users: readonly string[]): void {
  const counts = new Map<string, number>();
  for (const u of users) counts.set(u, (counts.get(u) ?? 0) + 1);
  const twice = [...counts].filter(([, n]) => n > 1).map(([u]) => u);
  assert.deepEqual(twice, [], "no decision is logged twice");
  const missing = Array.from({ length: BURST }, (_, i) => `burst-${i}`).filter((u) => !counts.has(u));
  assert.deepEqual(missing, [], "no decision is missing");
  assert.equal(users.length, BURST);
}

describe(`audit log with ${WORKERS} workers on SQLite`, () => {
  const dirs: string[] = [];
  const running: ClusterProcess[] = [];
  after(async () => {
    for (const c of running) if (c.child.exitCode === null) c.child.kill("SIGKILL");
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("logs every decision of a concurrent burst exactly once, and keeps them across a clean restart", async () => {
    const first = await startCluster({ workers: WORKERS });
    running.push(first);
    dirs.push(first.dataDir);
    const replies = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        first.call("POST", "/allowed", {
          user: { key: `burst-${i}` },
          action: "read",
          resource: { type: TYPE },
        }),
      ),
    );
    assert.ok(replies.every((r) => r.status === 200 && r.body.allow === false));
    assert.ok(new Set(replies.map((r) => r.worker)).size >= 2, "the burst reached several workers");

    // Stopped at once: the decisions still in the workers' buffers are written on the way out.
    assert.equal(await first.stop("SIGINT"), 0);
    const file = new Database(join(first.dataDir, "authz-audit.db"), { readonly: true, fileMustExist: true });
    try {
      const rows = file
        .prepare("select user_key, action, tenant, allow, reason from audit_log where resource_type = ?")
        .all(TYPE) as { user_key: string; action: string; tenant: string; allow: number; reason: string }[];
      assertEachOnce(rows.map((r) => r.user_key));
      assert.deepEqual(
        new Set(rows.map((r) => `${r.action} ${r.tenant} ${r.allow} ${r.reason}`)),
        new Set(["read default 0 user_not_synced"]),
      );
    } finally {
      file.close();
    }

    const second = await startCluster({ workers: WORKERS, env: { TOLLGATE_DATA_DIR: first.dataDir } });
    running.push(second);
    assertEachOnce(await loggedUsers(second));
    assert.equal(await second.stop("SIGINT"), 0);
  });
});
