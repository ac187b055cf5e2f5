import { makeTempDir, removeTempDir } from "../lib/cleanup.ts";
import { median, round } from "../lib/stats.ts";
import { printTable, type Row } from "../lib/table.ts";
import { auditCpuPerDecision } from "./audit-cpu.ts";
import { buildDataset } from "./dataset.ts";
import { type LoadPlan, measureTarget, type RunReport } from "./measure.ts";
import { type BenchOptions, TENANTS, USERS } from "./options.ts";
import type { CheckSample } from "./samples.ts";
import { checkSamples } from "./samples.ts";
import { ApiClient } from "./tollgate/client.ts";
import { loadThroughApi } from "./tollgate/load-data.ts";
import { tollgateTarget } from "./tollgate/requests.ts";
import { startTollgate } from "./tollgate/server.ts";

/** The budget: writing every decision costs at most this share of the PDP's throughput. */
export const AUDIT_COST_TARGET = 0.1;

export interface AuditPair {
  round: number;
  connections: number;
  onReqPerSec: number;
  offReqPerSec: number;
  /** on ÷ off req/s: 1 means the audit log is free. */
  ratio: number;
  /** Server CPU µs per request with audit on and off (all threads, from /proc). */
  onCpuUs: number | undefined;
  offCpuUs: number | undefined;
}

export interface AuditCost {
  rounds: number;
  pairs: AuditPair[];
  /** Rounds that did not finish (and why). */
  failed: string[];
  /** Per connection count: the median of the rounds' on ÷ off ratios, and the CPU per request. */
  summary: {
    connections: number;
    medianRatio: number;
    cost: number;
    medianOnCpuUs: number | undefined;
    medianOffCpuUs: number | undefined;
    cpuCost: number | undefined;
    met: boolean;
  }[];
}

async function measureOnce(
  dataDir: string,
  samples: readonly CheckSample[],
  plan: LoadPlan,
  auditWritesOff: boolean,
): Promise<RunReport[]> {
  const server = await startTollgate({ dataDir, keepDataDir: true, auditWritesOff });
  try {
    const name = auditWritesOff ? "audit off" : "audit on";
    const target = { ...tollgateTarget(server, samples), name };
    return (await measureTarget(target, samples, plan)).runs;
  } finally {
    await server.stop();
  }
}

const medianOf = (values: (number | undefined)[]) =>
  values.every((v) => v !== undefined) ? median(values as number[]) : undefined;

/**
 * The PDP with the audit log on and off, on the same data, alternately `rounds` times (on, off, off,
 * on, …, so a neighbour's load lands on both sides), reporting the median on ÷ off ratio. The
 * machine is shared: one pair of runs can be off by more than the audit log costs; the median of
 * alternated pairs cancels most of that, and CPU µs per request (noise-resistant) is shown beside.
 */
export async function measureAuditCost(
  dataDir: string,
  samples: readonly CheckSample[],
  plan: LoadPlan,
  rounds: number,
): Promise<AuditCost> {
  const pairs: AuditPair[] = [];
  const failed: string[] = [];
  for (let r = 0; r < rounds; r++) {
    const onFirst = r % 2 === 0;
    let on: RunReport[];
    let off: RunReport[];
    try {
      const first = await measureOnce(dataDir, samples, plan, !onFirst);
      const second = await measureOnce(dataDir, samples, plan, onFirst);
      [on, off] = onFirst ? [first, second] : [second, first];
    } catch (err) {
      // A run the load generator could not finish (a swamped machine) costs its pair, not the module.
      failed.push(`round ${r + 1}: ${(err as Error).message}`);
      console.log(`  round ${r + 1} failed: ${(err as Error).message}`);
      continue;
    }
    for (let i = 0; i < on.length; i++) {
      pairs.push({
        round: r + 1,
        connections: on[i]!.connections,
        onReqPerSec: on[i]!.requestsPerSec,
        offReqPerSec: off[i]!.requestsPerSec,
        ratio: on[i]!.requestsPerSec / off[i]!.requestsPerSec,
        onCpuUs: on[i]!.serverCpuUsPerRequest,
        offCpuUs: off[i]!.serverCpuUsPerRequest,
      });
    }
  }
  const summary = plan.connections.map((connections) => {
    const mine = pairs.filter((p) => p.connections === connections);
    const medianRatio = median(mine.map((p) => p.ratio));
    const medianOnCpuUs = medianOf(mine.map((p) => p.onCpuUs));
    const medianOffCpuUs = medianOf(mine.map((p) => p.offCpuUs));
    const cpuCost =
      medianOnCpuUs === undefined || medianOffCpuUs === undefined
        ? undefined
        : 1 - medianOffCpuUs / medianOnCpuUs;
    return {
      connections,
      medianRatio,
      cost: 1 - medianRatio,
      medianOnCpuUs,
      medianOffCpuUs,
      cpuCost,
      met: 1 - medianRatio <= AUDIT_COST_TARGET,
    };
  });
  return { rounds, pairs, failed, summary };
}

/**
 * `recordingUs`: the audit log's CPU per decision measured in process (see audit-cpu.ts). Beside
 * the PDP's CPU per request with audit off, it gives the cost a one-core server pays when CPU-bound:
 * recording ÷ (request + recording), steady even when the req/s ratio is swamped by noise.
 */
export function printAuditCost(cost: AuditCost, recordingUs?: number): void {
  const rows: Row[] = cost.pairs.map((p) => ({
    round: p.round,
    conns: p.connections,
    "on req/s": Math.round(p.onReqPerSec),
    "off req/s": Math.round(p.offReqPerSec),
    "on ÷ off": round(p.ratio, 3),
    "on CPU µs/req": p.onCpuUs === undefined ? undefined : round(p.onCpuUs, 1),
    "off CPU µs/req": p.offCpuUs === undefined ? undefined : round(p.offCpuUs, 1),
  }));
  printTable("PDP with audit on vs off, same run, alternated", rows);
  printTable(
    `PDP with audit on vs off, same run, ratio (median of ${cost.rounds} alternated pairs; target: cost ≤ ${AUDIT_COST_TARGET * 100}%)`,
    cost.summary.map((s) => ({
      conns: s.connections,
      "on ÷ off req/s": round(s.medianRatio, 3),
      "throughput cost %": round(s.cost * 100, 1),
      "CPU µs/req on": s.medianOnCpuUs === undefined ? undefined : round(s.medianOnCpuUs, 1),
      "CPU µs/req off": s.medianOffCpuUs === undefined ? undefined : round(s.medianOffCpuUs, 1),
      "CPU cost %": s.cpuCost === undefined ? undefined : round(s.cpuCost * 100, 1),
      "audit CPU µs/decision (in process)": recordingUs === undefined ? undefined : round(recordingUs, 2),
      "its share of a request %":
        recordingUs === undefined || s.medianOffCpuUs === undefined
          ? undefined
          : round((100 * recordingUs) / (s.medianOffCpuUs + recordingUs), 1),
      "≤ 10%": s.met ? "yes" : "NO",
    })),
  );
}

/**
 * The audit log's cost alone (`--only pdp-audit`): the PDP data loaded once through the API, then
 * audit on and off alternated. The `pdp` module runs the same comparison after its Cerbos runs.
 */
export async function benchPdpAudit(options: BenchOptions): Promise<Record<string, unknown>> {
  const plan: LoadPlan = {
    connections: [10, 50],
    durationSec: options.quick ? 3 : 8,
    warmupSec: options.quick ? 1 : 2,
  };
  const rounds = options.quick ? 3 : 5;
  const dataset = buildDataset({ users: options.quick ? 10_000 : USERS, tenants: TENANTS });
  const dataDir = makeTempDir("authz-audit");
  try {
    const loader = await startTollgate({ dataDir, keepDataDir: true, auditWritesOff: true });
    let samples: CheckSample[];
    try {
      const load = await loadThroughApi(new ApiClient(loader.url, loader.apiKey), dataset);
      console.log(`  loaded ${load.usersLoaded} users, ${load.tenants} tenants through the API`);
      samples = checkSamples(dataset, 1000, { seed: 11, users: load.usersLoaded });
    } finally {
      await loader.stop();
    }
    const cpu = await auditCpuPerDecision(samples, options.quick ? 50_000 : 200_000, rounds);
    printTable("Audit log CPU per decision, in process (record + hand over + write; every thread)", [
      {
        "µs/decision (median)": round(cpu.usPerDecision, 2),
        rounds: cpu.rounds.map((r) => round(r, 2)).join(" "),
      },
    ]);
    const cost = await measureAuditCost(dataDir, samples, plan, rounds);
    printAuditCost(cost, cpu.usPerDecision);
    return { plan, auditCpuUsPerDecision: cpu, ...cost };
  } finally {
    removeTempDir(dataDir);
  }
}
