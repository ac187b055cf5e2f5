import { availableParallelism, loadavg } from "node:os";
import { makeTempDir, removeTempDir } from "../lib/cleanup.ts";
import type { LoadRequest } from "../lib/load-spec.ts";
import { round } from "../lib/stats.ts";
import { printTable, type Row } from "../lib/table.ts";
import { cerbosBinary } from "./cerbos/binary.ts";
import { cerbosTarget } from "./cerbos/requests.ts";
import { startCerbos } from "./cerbos/server.ts";
import { buildDataset } from "./dataset.ts";
import { type LoadPlan, measureTarget, type TargetReport } from "./measure.ts";
import { type BenchOptions, TENANTS, USERS } from "./options.ts";
import { type CheckSample, checkSamples } from "./samples.ts";
import type { PdpTarget } from "./target.ts";
import { startTollgateCli } from "./tollgate/cli-server.ts";
import { ApiClient } from "./tollgate/client.ts";
import { loadThroughApi } from "./tollgate/load-data.ts";
import { tollgateTarget } from "./tollgate/requests.ts";

const ROTATING_REQUESTS = 1000;
/** The target with nothing pinned: Tollgate ≥ 6× Cerbos's req/s, with a lower p99. */
const FREE_TARGET = 6;
const BATCH = 10;

const load1m = () => round(loadavg()[0]!, 2);

/** AuthZEN `/access/v1/evaluations` with BATCH evaluations per request, from consecutive samples. */
function authzenBatchTarget(
  server: { url: string; apiKey: string },
  samples: readonly CheckSample[],
): PdpTarget {
  const requests: LoadRequest[] = [];
  for (let i = 0; i + BATCH <= samples.length; i += BATCH) {
    const evaluations = samples.slice(i, i + BATCH).map((s) => ({
      subject: { type: "user", id: s.user },
      action: { name: s.action },
      resource: { type: s.type, id: "any", properties: { tenant: s.tenant } },
    }));
    requests.push({
      method: "POST",
      path: "/access/v1/evaluations",
      headers: { "content-type": "application/json", authorization: `Bearer ${server.apiKey}` },
      body: JSON.stringify({ evaluations }),
    });
  }
  return {
    name: `AuthZEN batch of ${BATCH}`,
    url: server.url,
    pid: undefined,
    requests,
    readAllow: () => true,
  };
}

function rows(reports: readonly (TargetReport & { load1m: number })[], perRequest = 1): Row[] {
  return reports.flatMap((r) =>
    r.runs.map((run) => ({
      system: r.name,
      conns: run.connections,
      "req/s": Math.round(run.requestsPerSec),
      ...(perRequest > 1 ? { "checks/s": Math.round(run.requestsPerSec * perRequest) } : {}),
      "p50 ms": round(run.latencyMs.p50, 3),
      "p99 ms": round(run.latencyMs.p99, 3),
      "non-2xx": run.non2xx,
      errors: run.errors + run.timeouts,
      wrong: r.decisionMismatches,
      "load 1m": r.load1m,
    })),
  );
}

/**
 * The PDP as users run it: `tollgate authz` with 1, 2 and N workers against Cerbos, nothing pinned
 * (server, Cerbos and the load generator all free to use every core), and AuthZEN's batch of 10
 * against 10 single `/allowed` calls. The pinned per-core comparison stays in the `pdp` module.
 */
export async function benchCores(options: BenchOptions): Promise<Record<string, unknown>> {
  const plan: LoadPlan = {
    connections: [10, 50],
    durationSec: options.quick ? 3 : 8,
    warmupSec: options.quick ? 1 : 2,
    pinned: false,
  };
  const cores = availableParallelism();
  const workerCounts = [...new Set([1, 2, cores])];
  const dataDir = makeTempDir("authz-cores");
  try {
    const dataset = buildDataset({ users: options.quick ? 10_000 : USERS, tenants: TENANTS });
    const loader = await startTollgateCli(dataDir, 1);
    let samples: CheckSample[];
    try {
      const loaded = await loadThroughApi(new ApiClient(loader.url, loader.apiKey), dataset);
      console.log(`  loaded ${loaded.usersLoaded} users, ${loaded.tenants} tenants through the API`);
      samples = checkSamples(dataset, ROTATING_REQUESTS, { seed: 11, users: loaded.usersLoaded });
    } finally {
      await loader.stop();
    }

    const tollgate: (TargetReport & { load1m: number; workers: number })[] = [];
    let authzen:
      | { batch: TargetReport & { load1m: number }; single: TargetReport & { load1m: number } }
      | undefined;
    for (const workers of workerCounts) {
      const server = await startTollgateCli(dataDir, workers);
      try {
        const target = {
          ...tollgateTarget(server, samples),
          name: `Tollgate, ${workers} worker(s)`,
          pid: undefined,
        };
        tollgate.push({ ...(await measureTarget(target, samples, plan)), load1m: load1m(), workers });
        if (workers === cores) {
          const batchPlan = { ...plan, connections: [10] };
          const single = { ...tollgateTarget(server, samples), name: "10 × /allowed", pid: undefined };
          authzen = {
            batch: {
              ...(await measureTarget(authzenBatchTarget(server, samples), samples.slice(0, 0), batchPlan)),
              load1m: load1m(),
            },
            single: { ...(await measureTarget(single, samples.slice(0, 0), batchPlan)), load1m: load1m() },
          };
        }
      } finally {
        await server.stop();
      }
    }

    const cerbos: (TargetReport & { load1m: number })[] = [];
    const binary = cerbosBinary();
    let cerbosSkipped: string | undefined;
    if (binary === undefined) cerbosSkipped = "@cerbos/cerbos-linux-x64 is not installed";
    else {
      const server = await startCerbos(binary, { pinned: false });
      try {
        cerbos.push({
          ...(await measureTarget(cerbosTarget(server, samples, "roles-in-request"), samples, plan)),
          load1m: load1m(),
        });
      } finally {
        await server.stop();
      }
    }

    printTable(`PDP over HTTP, nothing pinned (${cores} cores shared with the load generator)`, [
      ...rows(tollgate),
      ...rows(cerbos),
    ]);
    const best = tollgate.find((t) => t.workers === cores) ?? tollgate.at(-1)!;
    const comparison = cerbos.flatMap((c) =>
      best.runs.map((run) => {
        const peer = c.runs.find((r) => r.connections === run.connections)!;
        const ratio = run.requestsPerSec / peer.requestsPerSec;
        return {
          versus: c.name,
          conns: run.connections,
          "req/s ratio": round(ratio, 2),
          "p99 ratio": round(run.latencyMs.p99 / peer.latencyMs.p99, 2),
          [`≥ ${FREE_TARGET}×`]: ratio >= FREE_TARGET ? "yes" : "NO",
          "lower p99": run.latencyMs.p99 < peer.latencyMs.p99 ? "yes" : "NO",
        };
      }),
    );
    if (comparison.length > 0) printTable(`Tollgate (${cores} workers) ÷ Cerbos, nothing pinned`, comparison);
    if (cerbosSkipped) console.log(`  Cerbos skipped: ${cerbosSkipped}\n`);
    if (authzen) {
      const b = authzen.batch.runs[0]!;
      const s = authzen.single.runs[0]!;
      printTable(
        `AuthZEN: one batch of ${BATCH} evaluations vs ${BATCH} single /allowed calls (10 connections)`,
        [
          {
            way: `POST /access/v1/evaluations (${BATCH} per request)`,
            "checks/s": Math.round(b.requestsPerSec * BATCH),
            "p99 ms per request": round(b.latencyMs.p99, 3),
            "load 1m": authzen.batch.load1m,
          },
          {
            way: `${BATCH} × POST /allowed`,
            "checks/s": Math.round(s.requestsPerSec),
            "p99 ms per request": round(s.latencyMs.p99, 3),
            "load 1m": authzen.single.load1m,
          },
        ],
      );
    }
    return {
      plan,
      cores,
      tollgate,
      cerbos: cerbosSkipped ? { skipped: cerbosSkipped } : cerbos,
      comparison,
      authzen,
    };
  } finally {
    removeTempDir(dataDir);
  }
}
