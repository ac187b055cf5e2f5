import { tmpdir } from "node:os";
import { join } from "node:path";
import { pinningNote } from "../lib/child.ts";
import { summariseProfile } from "../lib/cpu-profile.ts";
import { printTable } from "../lib/table.ts";
import { cerbosBinary } from "./cerbos/binary.ts";
import { cerbosTarget } from "./cerbos/requests.ts";
import { startCerbos } from "./cerbos/server.ts";
import { buildDataset, type Dataset } from "./dataset.ts";
import { type LoadPlan, measureTarget, type TargetReport } from "./measure.ts";
import { type BenchOptions, TENANTS, USERS } from "./options.ts";
import { compare, printComparison, printLoadTable } from "./pdp-report.ts";
import { allowShare, type CheckSample, checkSamples } from "./samples.ts";
import { ApiClient } from "./tollgate/client.ts";
import { type LoadReport, loadThroughApi, USER_LOAD_BUDGET_MS } from "./tollgate/load-data.ts";
import { tollgateTarget } from "./tollgate/requests.ts";
import { startTollgate } from "./tollgate/server.ts";
import { RESOURCES, ROLES } from "./tutorial-policy.ts";

/** Distinct request bodies each connection cycles through. */
const ROTATING_REQUESTS = 1000;

function planFor(options: BenchOptions): LoadPlan {
  return { connections: [10, 50], durationSec: options.quick ? 3 : 10, warmupSec: options.quick ? 1 : 3 };
}

function printLoad(load: LoadReport): void {
  printTable("PDP data, loaded through the management API", [
    { step: "resources + roles", items: RESOURCES.length + ROLES.length, ms: load.policyMs },
    { step: "tenants (POST …/tenants)", items: load.tenants, ms: load.tenantsMs },
    {
      step: `users + roles (POST …/bulk/users ×1000)${load.stoppedEarly ? ` — STOPPED at the ${USER_LOAD_BUDGET_MS / 1000} s budget` : ""}`,
      items: load.usersLoaded,
      ms: load.usersMs,
    },
  ]);
  if (load.stoppedEarly) {
    console.log(
      `  Note: only ${load.usersLoaded} of ${load.usersWanted} users were loaded; checks use those.\n`,
    );
  }
}

async function benchTollgate(dataset: Dataset, options: BenchOptions, plan: LoadPlan) {
  const profileFile = options.profile ? join(tmpdir(), `tollgate-pdp-${Date.now()}.cpuprofile`) : undefined;
  const server = await startTollgate({ profileFile });
  let load: LoadReport;
  let samples: CheckSample[];
  let report: TargetReport;
  try {
    load = await loadThroughApi(new ApiClient(server.url, server.apiKey), dataset);
    printLoad(load);
    samples = checkSamples(dataset, ROTATING_REQUESTS, { seed: 11, users: load.usersLoaded });
    console.log(
      `  rotating set: ${samples.length} requests, ${Math.round(allowShare(samples) * 100)}% allowed`,
    );
    server.startProfiling();
    report = await measureTarget(tollgateTarget(server, samples), samples, plan);
  } finally {
    await server.stop();
  }
  let profile: ReturnType<typeof summariseProfile> | undefined;
  if (profileFile) {
    profile = summariseProfile(profileFile);
    printTable(
      `Tollgate server CPU profile during the load (${profile.totalMs} ms sampled, ${Math.round(profile.idleShare * 100)}% idle) — by area, inclusive`,
      profile.areas,
    );
    printTable("… and by function, self time", profile.topSelf);
    console.log(`  profile: ${profileFile} (open in Chrome DevTools → Performance)\n`);
  }
  return { load, samples, report, profile, profileFile };
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

  printLoadTable([tollgate.report, ...cerbos.reports]);
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
    cerbos: cerbos.skipped
      ? { skipped: cerbos.skipped }
      : { gomaxprocs: cerbos.gomaxprocs, targets: cerbos.reports },
    comparison,
    profile: tollgate.profile ? { file: tollgate.profileFile, ...tollgate.profile } : undefined,
  };
}
