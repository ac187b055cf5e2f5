import { runLoad } from "../lib/load.ts";
import type { LoadResult } from "../lib/load-spec.ts";
import { cpuTimeMs } from "../lib/proc-cpu.ts";
import type { CheckSample } from "./samples.ts";
import type { PdpTarget } from "./target.ts";
import { countMismatches } from "./verify.ts";

export interface LoadPlan {
  connections: readonly number[];
  durationSec: number;
  warmupSec: number;
  /** False: server and load generator free to use every core (default: pinned where possible). */
  pinned?: boolean;
}

export interface RunReport extends LoadResult {
  /** Server CPU (all threads) per request, warm-up included; independent of the load generator's speed. */
  serverCpuUsPerRequest: number | undefined;
  /** How busy the server's core was during the measured run: CPU per request × requests per second. */
  serverBusyPct: number | undefined;
}

export interface TargetReport {
  name: string;
  decisionMismatches: number;
  runs: RunReport[];
}

/** Verifies the target's answers on the whole rotating set, then loads it at each connection count. */
export async function measureTarget(
  target: PdpTarget,
  samples: readonly CheckSample[],
  plan: LoadPlan,
): Promise<TargetReport> {
  const decisionMismatches = await countMismatches(target, samples);
  console.log(`  ${target.name}: ${samples.length} distinct requests checked, ${decisionMismatches} wrong`);
  const runs: RunReport[] = [];
  for (const connections of plan.connections) {
    process.stdout.write(
      `  ${target.name}: ${connections} connections, ${plan.warmupSec} s warm-up + ${plan.durationSec} s … `,
    );
    const cpuBefore = cpuTimeMs(target.pid);
    const result = await runLoad(
      {
        url: target.url,
        connections,
        durationSec: plan.durationSec,
        warmupSec: plan.warmupSec,
        requests: target.requests,
      },
      { pinned: plan.pinned },
    );
    const cpuAfter = cpuTimeMs(target.pid);
    const cpuUs =
      cpuBefore === undefined || cpuAfter === undefined
        ? undefined
        : ((cpuAfter - cpuBefore) * 1000) / (result.requests + result.warmupRequests);
    const busy = cpuUs === undefined ? undefined : (cpuUs * result.requestsPerSec) / 10_000;
    console.log(`${Math.round(result.requestsPerSec).toLocaleString("en-US")} req/s`);
    runs.push({ ...result, serverCpuUsPerRequest: cpuUs, serverBusyPct: busy });
  }
  return { name: target.name, decisionMismatches, runs };
}
