import { TEST_API_KEY } from "@tollgate/testkit/authz";
import { createTestDatabase, pgAvailable } from "@tollgate/testkit/postgres";
import { type Replica, startReplica } from "@tollgate/testkit/replica";
import type { BenchOptions } from "../authz/options.ts";
import { quantileSorted, round } from "../lib/stats.ts";
import { printTable } from "../lib/table.ts";
import { followEvents } from "./sse.ts";

/**
 * Propagation between replicas: a write on replica A, until replica B's snapshot includes it (B's
 * change stream announces a version only after applying it, so its event marks "decisions on B
 * changed"). Two `tollgate authz` processes on one PostgreSQL database.
 */
export async function benchPropagation(
  options: BenchOptions,
): Promise<Record<string, unknown> | { skipped: string }> {
  if (!(await pgAvailable())) return { skipped: "PostgreSQL is not reachable on 127.0.0.1:5432" };
  const changes = options.quick ? 100 : 600;
  const db = await createTestDatabase();
  const replicas: Replica[] = [];
  try {
    const a = await startReplica(db.url);
    const b = await startReplica(db.url);
    replicas.push(a, b);
    const scope = (await a.call("GET", "/v2/api-key/scope")).body;
    const facts = `/v2/facts/${scope.project_id}/${scope.environment_id}`;
    const schema = `/v2/schema/${scope.project_id}/${scope.environment_id}`;
    await a.call("POST", `${schema}/resources`, { key: "task", name: "Task", actions: { get: {} } });
    await a.call("POST", `${schema}/roles`, { key: "viewer", name: "Viewer", permissions: ["task:get"] });
    await a.call("PUT", `${facts}/users/probe`, {});

    const seenAt = new Map<number, number>();
    const waiting = new Map<number, () => void>();
    const stream = followEvents(
      `${b.url}/v1/changes`,
      { authorization: `Bearer ${TEST_API_KEY}` },
      (event, data, at) => {
        if (event !== "change") return;
        const { version } = JSON.parse(data) as { version: number };
        seenAt.set(version, at);
        waiting.get(version)?.();
      },
    );
    await stream.ready;

    const afterResponse: number[] = [];
    const fromRequest: number[] = [];
    for (let i = 0; i < changes; i++) {
      const body = { user: "probe", role: "viewer", tenant: "default" };
      const start = performance.now();
      const res = await fetch(`${a.url}${facts}/role_assignments`, {
        method: i % 2 === 0 ? "POST" : "DELETE",
        headers: { authorization: `Bearer ${TEST_API_KEY}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const answered = performance.now();
      await res.arrayBuffer();
      const version = Number(res.headers.get("x-policy-version"));
      if (!seenAt.has(version)) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`version ${version} never reached replica B`)),
            10_000,
          );
          waiting.set(version, () => {
            clearTimeout(timer);
            resolve();
          });
        });
        waiting.delete(version);
      }
      const at = seenAt.get(version)!;
      afterResponse.push(Math.max(0, at - answered));
      fromRequest.push(at - start);
    }
    stream.close();
    const summary = (values: number[]) => {
      const sorted = [...values].sort((x, y) => x - y);
      return {
        p50: round(quantileSorted(sorted, 0.5), 2),
        p95: round(quantileSorted(sorted, 0.95), 2),
        p99: round(quantileSorted(sorted, 0.99), 2),
        max: round(sorted.at(-1)!, 2),
      };
    };
    const rows = [
      { measure: "write on A answered → B applied (ms)", ...summary(afterResponse) },
      { measure: "write sent to A → B applied (ms)", ...summary(fromRequest) },
    ];
    printTable(`Propagation between two replicas on PostgreSQL (${changes} changes)`, rows);
    const p99 = rows[1]!.p99;
    return {
      changes,
      afterResponseMs: rows[0],
      fromRequestMs: rows[1],
      targetP99Ms: 100,
      targetMet: p99 <= 100,
    };
  } finally {
    for (const r of replicas) await r.kill();
    await db.drop();
  }
}
