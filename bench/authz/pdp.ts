import { pinningNote } from "../lib/child.ts";
import { type ProfileSummary, summariseProfile } from "../lib/cpu-profile.ts";
import { round } from "../lib/stats.ts";
import { printTable } from "../lib/table.ts";
import { cerbosBinary } from "./cerbos/binary.ts";
import { cerbosTarget } from "./cerbos/requests.ts";
import { startCerbos } from "./cerbos/server.ts";
import { buildDataset } from "./dataset.ts";
import { type LoadPlan, measureTarget, type TargetReport } from "./measure.ts";
import { type BenchOptions, TENANTS, USERS } from "./options.ts";
import { compare, printComparison, printLoadTable } from "./pdp-report.ts";
import { allowShare, type CheckSample } from "./samples.ts";
import { benchTollgate } from "./tollgate/bench.ts";

function planFor(options: BenchOptions): LoadPlan {
  return { connections: [10, 50], durationSec: options.quick ? 3 : 10, warmupSec: options.quick ? 1 : 3 };
}

function printProfile(file: string): ProfileSummary {
  const profile = summariseProfile(file);
  const idle = Math.round(profile.idleShare * 100);
  printTable(
    `Tollgate server CPU profile during the load (${profile.totalMs} ms sampled, ${idle}% idle) — by area, inclusive`,
    profile.areas,
  );
  printTable("… and by function, self time", profile.topSelf);
  console.log(`  profile: ${file} (open in Chrome DevTools → Performance)\n`);
  return profile;
}

type CerbosOutcome =
  | { skipped: string; reports: TargetReport[]; gomaxprocs?: undefined }
  | { skipped?: undefined; reports: TargetReport[]; gomaxprocs: string };

/** Never throws: a Cerbos that is missing or fails to start must not cost us Tollgate's results. */
async function benchCerbos(samples: readonly CheckSample[], plan: LoadPlan): Promise<CerbosOutcome> {
  const binary = cerbosBinary();
  if (binary === undefined) return { skipped: "@cerbos/cerbos-linux-x64 is not installed", reports: [] };
  try {
    const server = await startCerbos(binary);
    try {
      const reports: TargetReport[] = [];
      for (const variant of ["roles-in-request", "derived-roles"] as const) {
        reports.push(await measureTarget(cerbosTarget(server, samples, variant), samples, plan));
      }
      return { reports, gomaxprocs: server.gomaxprocs };
    } finally {
      await server.stop();
    }
  } catch (err) {
    return { skipped: `Cerbos failed: ${(err as Error).message}`, reports: [] };
  }
}

/** The PDP over HTTP, Tollgate then Cerbos, under the same load, on the same questions. */
export async function benchPdp(options: BenchOptions): Promise<Record<string, unknown>> {
  const plan = planFor(options);
  console.log(`  ${pinningNote()}`);
  const dataset = buildDataset({ users: USERS, tenants: TENANTS });
  const tollgate = await benchTollgate(dataset, options, plan);
  const cerbos = await benchCerbos(tollgate.samples, plan);
  if (cerbos.skipped) console.log(`  Cerbos comparison skipped: ${cerbos.skipped}\n`);

  const profile = tollgate.profileFile ? printProfile(tollgate.profileFile) : undefined;
  printLoadTable([tollgate.report, ...cerbos.reports, tollgate.auditOff]);
  const auditRatio = tollgate.report.runs.map((on) => {
    const off = tollgate.auditOff.runs.find((r) => r.connections === on.connections)!;
    return {
      conns: on.connections,
      "on ÷ off req/s": round(on.requestsPerSec / off.requestsPerSec, 3),
      "throughput cost %": round((1 - on.requestsPerSec / off.requestsPerSec) * 100, 1),
      "CPU µs/req on":
        on.serverCpuUsPerRequest === undefined ? undefined : round(on.serverCpuUsPerRequest, 1),
      "CPU µs/req off":
        off.serverCpuUsPerRequest === undefined ? undefined : round(off.serverCpuUsPerRequest, 1),
    };
  });
  printTable(
    "PDP with audit on vs off, same run, ratio (one pair; `--only pdp-audit` alternates several and takes the median)",
    auditRatio,
  );
  const comparison = compare(tollgate.report, cerbos.reports);
  if (comparison.length > 0) printComparison(comparison);
  if (cerbos.gomaxprocs) console.log(`  Cerbos ran with GOMAXPROCS=${cerbos.gomaxprocs}.\n`);

  return {
    pinning: pinningNote(),
    plan,
    rotatingRequests: tollgate.samples.length,
    allowShare: allowShare(tollgate.samples),
    load: tollgate.load,
    tollgate: tollgate.report,
    tollgateAuditWritesOff: tollgate.auditOff,
    auditRatio,
    cerbos: cerbos.skipped
      ? { skipped: cerbos.skipped }
      : { gomaxprocs: cerbos.gomaxprocs, targets: cerbos.reports },
    comparison,
    profile: profile ? { file: tollgate.profileFile, ...profile } : undefined,
  };
}
