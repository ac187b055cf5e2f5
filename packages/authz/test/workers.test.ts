/**
 * `tollgate authz --workers N`: several processes on one port and one store. A write through one
 * connection is seen by the very next check on every worker (no waiting, no retries), version
 * tokens work across workers, every worker's decisions reach the one audit log, a worker that dies
 * is replaced, and Ctrl-C stops them all. On SQLite and on PostgreSQL.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { runCli } from "@tollgate/testkit/cli";
import { type ClusterProcess, startCluster } from "@tollgate/testkit/cluster";
import { createTestDatabase, PG_SKIP_REASON, pgAvailable } from "@tollgate/testkit/postgres";

const pgSkip = (await pgAvailable()) ? false : PG_SKIP_REASON;
if (pgSkip) console.log(`# skipped PostgreSQL worker tests: ${pgSkip}`);

const WORKERS = 3;
/** Enough fresh connections that round-robin reaches every worker at least once. */
const FANOUT = WORKERS * 2;

async function until(what: string, condition: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    assert.ok(Date.now() < deadline, `timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function clusterSuite(name: string, skip: string | false, databaseUrl: () => Promise<string | undefined>) {
  describe(`${WORKERS} workers on ${name}`, { skip }, () => {
    let c: ClusterProcess;
    let facts: string;
    let drop: (() => Promise<void>) | undefined;
    const check = (user: string, headers: Record<string, string> = {}) =>
      c.call("POST", "/allowed", { user: { key: user }, action: "read", resource: { type: "doc" } }, headers);

    before(async () => {
      let url: string | undefined;
      if (name === "PostgreSQL") {
        const db = await createTestDatabase();
        url = db.url;
        drop = db.drop;
      } else url = await databaseUrl();
      c = await startCluster({ workers: WORKERS, databaseUrl: url });
      const scope = (await c.call("GET", "/v2/api-key/scope")).body;
      facts = `/v2/facts/${scope.project_id}/${scope.environment_id}`;
      const schema = `/v2/schema/${scope.project_id}/${scope.environment_id}`;
      assert.equal(
        (await c.call("POST", `${schema}/resources`, { key: "doc", name: "Doc", actions: { read: {} } }))
          .status,
        201,
      );
      assert.equal(
        (
          await c.call("POST", `${schema}/roles`, {
            key: "reader",
            name: "Reader",
            permissions: ["doc:read"],
          })
        ).status,
        201,
      );
    });
    after(async () => {
      if (c && c.child.exitCode === null) {
        c.child.kill("SIGKILL");
      }
      await drop?.();
    });

    it("serves from every worker, naming the worker in X-Tollgate-Worker", async () => {
      const seen = new Set<string>();
      for (let i = 0; i < FANOUT * 2; i++) {
        const r = await c.call("GET", "/v2/api-key/scope");
        assert.equal(r.status, 200);
        assert.ok(r.worker, "the response names its worker");
        seen.add(r.worker!);
      }
      assert.equal(seen.size, WORKERS, `answers came from ${[...seen].join(", ")}`);
    });

    it("a write through one connection is seen by the next check on every worker", async () => {
      for (let round = 0; round < 4; round++) {
        const user = `u${round}`;
        assert.ok((await c.call("PUT", `${facts}/users/${user}`, {})).status < 300);
        const writer = await c.call("POST", `${facts}/role_assignments`, {
          user,
          role: "reader",
          tenant: "default",
        });
        assert.equal(writer.status, 201);
        const checks = await Promise.all(Array.from({ length: FANOUT }, () => check(user)));
        const workers = new Set(checks.map((r) => r.worker));
        assert.ok(workers.size >= 2, `the checks reached ${workers.size} worker(s)`);
        for (const r of checks) {
          assert.equal(r.body.allow, true, `worker ${r.worker} did not see the assignment yet`);
          assert.ok(
            r.version >= writer.version,
            `worker ${r.worker} answered at ${r.version} < ${writer.version}`,
          );
        }
        // And the removal, through a connection that may land on another worker.
        const removal = await c.call("DELETE", `${facts}/role_assignments`, {
          user,
          role: "reader",
          tenant: "default",
        });
        assert.equal(removal.status, 204);
        const after = await Promise.all(Array.from({ length: FANOUT }, () => check(user)));
        for (const r of after) assert.equal(r.body.allow, false, `worker ${r.worker} still allows`);
      }
    });

    it("X-Min-Version from a write is honoured by every worker", async () => {
      const write = await c.call("PUT", `${facts}/users/versioned`, {});
      assert.ok(write.status < 300);
      assert.ok(write.version > 0);
      const reads = await Promise.all(
        Array.from({ length: FANOUT }, () =>
          c.call("GET", `${facts}/users/versioned`, undefined, { "x-min-version": String(write.version) }),
        ),
      );
      for (const r of reads) {
        assert.equal(r.status, 200);
        assert.ok(r.version >= write.version);
      }
      // A version nobody has reached is refused by any worker after the wait, not answered stale.
      const ahead = await c.call("GET", `${facts}/users/versioned`, undefined, {
        "x-min-version": String(write.version + 1000),
        "x-wait-timeout": "0.2",
      });
      assert.equal(ahead.status, 424);
    });

    it("every worker's decisions reach the one audit log", async () => {
      const user = `audited-${Date.now()}`;
      const checks = await Promise.all(Array.from({ length: FANOUT }, () => check(user)));
      const workers = new Set(checks.map((r) => r.worker));
      assert.ok(workers.size >= 2);
      const scope = (await c.call("GET", "/v2/api-key/scope")).body;
      const path = `/v2/pdps/${scope.project_id}/${scope.environment_id}/audit_logs?user=${user}&per_page=100`;
      // Workers flush their buffers on a timer; the log converges to every decision, from any worker.
      await until("all decisions are in the audit log", async () => {
        const r = await c.call("GET", path);
        return r.status === 200 && r.body.total_count === FANOUT;
      });
      // The console's live tail (after_id) from one worker sees another worker's newest decisions.
      const newest = (await c.call("GET", path)).body.data[0].id as number;
      const more = await Promise.all(Array.from({ length: FANOUT }, () => check(user)));
      assert.ok(new Set(more.map((r) => r.worker)).size >= 2);
      await until("the tail shows the new decisions", async () => {
        const r = await c.call("GET", `${path}&after_id=${newest}`);
        return r.body.total_count === FANOUT;
      });
    });

    it("a worker that dies is replaced and the service keeps answering", async () => {
      const before = c.workerPids();
      assert.equal(before.length, WORKERS);
      process.kill(before[0]!, "SIGKILL");
      await until("a replacement worker is running", async () => {
        const now = c.workerPids();
        return now.length === WORKERS && !now.includes(before[0]!);
      });
      await until("the replacement answers", async () => {
        const r = await Promise.all(Array.from({ length: FANOUT }, () => check("nobody")));
        return r.every((x) => x.status === 200);
      });
    });

    it("Ctrl-C stops every worker and exits 0", async () => {
      const pids = c.workerPids();
      assert.equal(await c.stop("SIGINT"), 0);
      for (const pid of pids) {
        await until(`worker ${pid} exited`, async () => {
          try {
            process.kill(pid, 0);
            return false;
          } catch {
            return true;
          }
        });
      }
    });
  });
}

clusterSuite("SQLite", false, async () => undefined);
clusterSuite("PostgreSQL", pgSkip, async () => undefined);

describe("--workers", () => {
  it("rejects a count that is not a whole number from 1, naming the variable", async () => {
    for (const bad of ["0", "two", "1.5", "-3"]) {
      const p = runCli(["authz", "--port", "0", "--workers", bad]);
      assert.equal(await p.exited, 2, p.output());
      assert.match(p.output(), /AUTHZ_WORKERS must be a whole number from 1/);
    }
  });

  it("is documented in the command's help", async () => {
    const p = runCli(["authz", "--help"]);
    assert.equal(await p.exited, 0);
    assert.match(p.output(), /--workers <n>/);
    assert.match(p.output(), /AUTHZ_WORKERS/);
  });
});
