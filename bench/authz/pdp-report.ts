import { round } from "../lib/stats.ts";
import { printTable, type Row } from "../lib/table.ts";
import type { TargetReport } from "./measure.ts";

/** The targets: at least 4× Cerbos's throughput, with a lower p99. */
const THROUGHPUT_TARGET = 4;

export function printLoadTable(reports: readonly TargetReport[]): void {
  const rows: Row[] = reports.flatMap((r) =>
    r.runs.map((run) => ({
      system: r.name,
      conns: run.connections,
      "req/s": Math.round(run.requestsPerSec),
      "p50 ms": round(run.latencyMs.p50, 3),
      "p90 ms": round(run.latencyMs.p90, 3),
      "p99 ms": round(run.latencyMs.p99, 3),
      "p99.9 ms": round(run.latencyMs.p999, 2),
      "max ms": round(run.latencyMs.max, 1),
      "CPU µs/req": run.serverCpuUsPerRequest === undefined ? undefined : round(run.serverCpuUsPerRequest, 1),
      "busy %": run.serverBusyPct === undefined ? undefined : Math.round(run.serverBusyPct),
      "non-2xx": run.non2xx,
      errors: run.errors + run.timeouts,
      wrong: r.decisionMismatches,
    })),
  );
  printTable("PDP over HTTP (one check per request, loopback, autocannon in its own process)", rows);
  console.log(
    [
      "  CPU µs/req: server CPU time (all threads) per request, from /proc; busy %: how much of its one core",
      "  the server used at that rate. wrong: answers that differ from the tutorial policy on the rotating set.",
      "",
    ].join("\n"),
  );
}

export interface Comparison {
  versus: string;
  connections: number;
  throughputRatio: number;
  p99Ratio: number;
  throughputTargetMet: boolean;
  lowerP99: boolean;
}

/** Tollgate ÷ Cerbos at each connection count: > 1 is better for req/s, < 1 is better for p99. */
export function compare(tollgate: TargetReport, others: readonly TargetReport[]): Comparison[] {
  const out: Comparison[] = [];
  for (const other of others) {
    for (const run of tollgate.runs) {
      const peer = other.runs.find((r) => r.connections === run.connections);
      if (!peer) continue;
      const throughputRatio = run.requestsPerSec / peer.requestsPerSec;
      const p99Ratio = run.latencyMs.p99 / peer.latencyMs.p99;
      out.push({
        versus: other.name,
        connections: run.connections,
        throughputRatio: round(throughputRatio, 2),
        p99Ratio: round(p99Ratio, 2),
        throughputTargetMet: throughputRatio >= THROUGHPUT_TARGET,
        lowerP99: p99Ratio < 1,
      });
    }
  }
  return out;
}

const EQUIVALENCE = [
  "  Cerbos (roles-in-request): the caller sends the roles the user holds in the resource's tenant.",
  "  Cerbos (derived-roles): the caller sends all of the user's tenant → roles and the resource's tenant;",
  "  derived roles pick the tenant's roles. Closest to Tollgate, which looks the user up in its own store.",
  "",
].join("\n");

export function printComparison(rows: readonly Comparison[]): void {
  printTable(
    `Tollgate ÷ Cerbos (targets: req/s ratio ≥ ${THROUGHPUT_TARGET}, p99 ratio < 1)`,
    rows.map((c) => ({
      versus: c.versus,
      conns: c.connections,
      "req/s ratio": c.throughputRatio,
      "p99 ratio": c.p99Ratio,
      [`req/s ≥ ${THROUGHPUT_TARGET}×`]: c.throughputTargetMet ? "yes" : "NO",
      "lower p99": c.lowerP99 ? "yes" : "NO",
    })),
  );
  console.log(EQUIVALENCE);
}
