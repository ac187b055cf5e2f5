import { TEST_API_KEY } from "@tollgate/testkit/authz";
import { createTestDatabase, pgAvailable } from "@tollgate/testkit/postgres";
import { type Replica, startReplica } from "@tollgate/testkit/replica";
import type { BenchOptions } from "../authz/options.ts";
import { runLoad } from "../lib/load.ts";
import type { LoadRequest, LoadResult } from "../lib/load-spec.ts";
import { round } from "../lib/stats.ts";
import { printTable } from "../lib/table.ts";

const USERS = 1000;

/**
 * Decisions per second from one replica, then from two replicas sharing the load round-robin by
 * connection (each load connection sticks to one replica, alternating). Both replicas run on one
 * PostgreSQL database. On a 2-core machine the replicas and the load generator share the cores,
 * so this shows the overhead of replication more than its scaling.
 */
export async function benchRoundRobin(
  options: BenchOptions,
): Promise<Record<string, unknown> | { skipped: string }> {
  if (!(await pgAvailable())) return { skipped: "PostgreSQL is not reachable on 127.0.0.1:5432" };
  const db = await createTestDatabase();
  const replicas: Replica[] = [];
  try {
    replicas.push(await startReplica(db.url), await startReplica(db.url));
    const [a, b] = replicas as [Replica, Replica];
    const scope = (await a.call("GET", "/v2/api-key/scope")).body;
    const facts = `/v2/facts/${scope.project_id}/${scope.environment_id}`;
    const schema = `/v2/schema/${scope.project_id}/${scope.environment_id}`;
    await a.call("POST", `${schema}/resources`, {
      key: "task",
      name: "Task",
      actions: { get: {}, delete: {} },
    });
    await a.call("POST", `${schema}/roles`, { key: "viewer", name: "Viewer", permissions: ["task:get"] });
    const operations = Array.from({ length: USERS }, (_, i) => ({
      key: `u${i}`,
      role_assignments: i % 3 === 0 ? [] : [{ role: "viewer", tenant: "default" }],
    }));
    const loaded = await a.call("POST", `${facts}/bulk/users`, { operations });
    await b.call("GET", "/v2/api-key/scope", undefined, { "x-min-version": String(loaded.version) });

    const requests: LoadRequest[] = Array.from({ length: 500 }, (_, i) => ({
      method: "POST",
      path: "/allowed",
      headers: { authorization: `Bearer ${TEST_API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({
        user: { key: `u${(i * 7) % USERS}` },
        action: i % 4 === 0 ? "delete" : "get",
        resource: { type: "task", tenant: "default" },
      }),
    }));
    const durationSec = options.quick ? 3 : 10;
    const warmupSec = options.quick ? 1 : 3;
    const connections = 50;
    const one = await runLoad({ url: a.url, connections, durationSec, warmupSec, requests });
    const split = await Promise.all(
      [a, b].map((r) =>
        runLoad({ url: r.url, connections: connections / 2, durationSec, warmupSec, requests }),
      ),
    );
    const combine = (runs: LoadResult[]) => ({
      requestsPerSec: round(
        runs.reduce((n, r) => n + r.requestsPerSec, 0),
        0,
      ),
      p50Ms: round(Math.max(...runs.map((r) => r.latencyMs.p50)), 2),
      p99Ms: round(Math.max(...runs.map((r) => r.latencyMs.p99)), 2),
      non2xx: runs.reduce((n, r) => n + r.non2xx + r.errors, 0),
    });
    const rows = [
      { setup: "1 replica", connections, ...combine([one]) },
      { setup: "2 replicas, round-robin", connections, ...combine(split) },
    ];
    printTable(`Decisions per second, POST /allowed on PostgreSQL replicas (${durationSec} s each)`, rows);
    return { users: USERS, durationSec, oneReplica: rows[0], twoReplicas: rows[1] };
  } finally {
    for (const r of replicas) await r.kill();
    await db.drop();
  }
}
