import { readFileSync } from "node:fs";
import { TEST_API_KEY } from "@tollgate/testkit/authz";
import { createTestDatabase, pgAvailable } from "@tollgate/testkit/postgres";
import { type Replica, startReplica } from "@tollgate/testkit/replica";
import pg from "pg";
import type { BenchOptions } from "../authz/options.ts";
import { quantileSorted, round } from "../lib/stats.ts";
import { printTable } from "../lib/table.ts";

/** Peak and current resident memory of a process, from /proc (MiB). */
function memoryOf(pid: number): { rssMiB: number; peakRssMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMiB: round(kb("VmRSS") / 1024, 0), peakRssMiB: round(kb("VmHWM") / 1024, 0) };
}

/** Sequential /allowed requests (one at a time: latency, not throughput), p50/p99 in ms. */
async function checkLatency(r: Replica, users: number, count: number) {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const body = JSON.stringify({
      user: { key: `u${(i * 7919) % users}` },
      action: i % 3 === 0 ? "delete" : "get",
      resource: { type: "task", tenant: `t${(i * 31) % 1000}` },
    });
    const start = performance.now();
    const res = await fetch(`${r.url}/allowed`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_API_KEY}`, "content-type": "application/json" },
      body,
    });
    await res.arrayBuffer();
    if (i >= count / 10) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50Ms: round(quantileSorted(times, 0.5), 3), p99Ms: round(quantileSorted(times, 0.99), 3) };
}

/** Fills a fresh database straight with SQL: users, tenants and role assignments in bulk. */
async function fill(url: string, users: number, perUser: number) {
  const first = await startReplica(url);
  const scope = (await first.call("GET", "/v2/api-key/scope")).body;
  const schema = `/v2/schema/${scope.project_id}/${scope.environment_id}`;
  await first.call("POST", `${schema}/resources`, {
    key: "task",
    name: "Task",
    actions: { get: {}, update: {}, delete: {} },
  });
  await first.call("POST", `${schema}/roles`, { key: "viewer", name: "Viewer", permissions: ["task:get"] });
  await first.call("POST", `${schema}/roles`, {
    key: "editor",
    name: "Editor",
    permissions: ["task:get", "task:update"],
  });
  await first.call("POST", `${schema}/roles`, {
    key: "admin",
    name: "Admin",
    permissions: ["task:get", "task:update", "task:delete"],
  });
  await first.kill("SIGTERM");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const now = new Date().toISOString();
    await client.query(
      `insert into tenants (id, key, name, description, attributes, created_at, updated_at)
       select gen_random_uuid()::text, 't' || i, 'Tenant ' || i, null, '{}', $1, $1 from generate_series(0, 999) i`,
      [now],
    );
    for (let from = 0; from < users; from += 250_000) {
      const to = Math.min(users, from + 250_000) - 1;
      await client.query(
        `insert into users (id, key, email, first_name, last_name, attributes, created_at, updated_at)
         select gen_random_uuid()::text, 'u' || i, 'u' || i || '@example.com', null, null, '{}', $1, $1
         from generate_series($2::int, $3::int) i`,
        [now, from, to],
      );
      await client.query(
        `insert into role_assignments (id, user_key, role_key, tenant_key, created_at)
         select gen_random_uuid()::text, 'u' || i, (array['viewer','editor','admin'])[1 + (i + j) % 3],
                't' || ((i + j * 337) % 1000), $1
         from generate_series($2::int, $3::int) i, generate_series(0, $4::int - 1) j`,
        [now, from, to, perUser],
      );
    }
    await client.query("analyze");
  } finally {
    await client.end();
  }
}

/**
 * Start-up at scale: a fresh replica loading 1,000,000 users, 1,000 tenants and 3,000,000 role
 * assignments from PostgreSQL (streamed in batches), its load time and resident memory, and check
 * latency afterwards compared with a replica holding 1,000 users.
 */
export async function benchMillion(
  options: BenchOptions,
): Promise<Record<string, unknown> | { skipped: string }> {
  if (!(await pgAvailable())) return { skipped: "PostgreSQL is not reachable on 127.0.0.1:5432" };
  const users = options.quick ? 100_000 : 1_000_000;
  const big = await createTestDatabase();
  const small = await createTestDatabase();
  const running: Replica[] = [];
  try {
    const fillStart = performance.now();
    await fill(big.url, users, 3);
    const fillMs = performance.now() - fillStart;
    await fill(small.url, 1000, 3);

    const start = performance.now();
    const replica = await startReplica(big.url, { startTimeoutMs: 180_000 });
    const startupMs = performance.now() - start;
    running.push(replica);
    const loadLine = /policy snapshot loaded in (\d+) ms/.exec(replica.output());
    const memory = memoryOf(replica.child.pid!);
    const smallReplica = await startReplica(small.url);
    running.push(smallReplica);
    const count = options.quick ? 1000 : 3000;
    const bigLatency = await checkLatency(replica, users, count);
    const smallLatency = await checkLatency(smallReplica, 1000, count);
    const afterMemory = memoryOf(replica.child.pid!);
    const rows = [
      {
        replica: `${users.toLocaleString("en-US")} users`,
        snapshotLoadMs: Number(loadLine?.[1] ?? Number.NaN),
        processStartMs: round(startupMs, 0),
        peakRssMiB: afterMemory.peakRssMiB,
        checkP50Ms: bigLatency.p50Ms,
        checkP99Ms: bigLatency.p99Ms,
      },
      { replica: "1,000 users", checkP50Ms: smallLatency.p50Ms, checkP99Ms: smallLatency.p99Ms },
    ];
    printTable(
      `Replica start-up at scale (${users * 3} role assignments, 1,000 tenants; database filled in ${round(fillMs / 1000, 1)} s)`,
      rows,
    );
    return {
      users,
      tenants: 1000,
      roleAssignments: users * 3,
      fillSec: round(fillMs / 1000, 1),
      snapshotLoadMs: rows[0]!.snapshotLoadMs,
      processStartMs: rows[0]!.processStartMs,
      rssAfterLoadMiB: memory.rssMiB,
      peakRssMiB: afterMemory.peakRssMiB,
      checkLatency: { big: bigLatency, small: smallLatency },
      targets: { loadSec: 60, rssMiB: 2048 },
      targetMet: startupMs <= 60_000 && afterMemory.peakRssMiB <= 2048,
    };
  } finally {
    for (const r of running) await r.kill();
    await big.drop();
    await small.drop();
  }
}
