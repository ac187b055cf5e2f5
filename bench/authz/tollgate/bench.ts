import { tmpdir } from "node:os";
import { join } from "node:path";
import { removeTempDir } from "../../lib/cleanup.ts";
import { printTable } from "../../lib/table.ts";
import type { Dataset } from "../dataset.ts";
import { type LoadPlan, measureTarget, type TargetReport } from "../measure.ts";
import type { BenchOptions } from "../options.ts";
import { allowShare, type CheckSample, checkSamples } from "../samples.ts";
import { RESOURCES, ROLES } from "../tutorial-policy.ts";
import { ApiClient } from "./client.ts";
import { type LoadReport, loadThroughApi, USER_LOAD_BUDGET_MS } from "./load-data.ts";
import { tollgateTarget } from "./requests.ts";
import { startTollgate } from "./server.ts";

/** Distinct request bodies each connection cycles through. */
const ROTATING_REQUESTS = 1000;

export interface TollgateOutcome {
  load: LoadReport;
  samples: CheckSample[];
  /** The service as configured for production: every decision persisted to the audit log. */
  report: TargetReport;
  /** Diagnostic: the same data and load with audit persistence off, to show what it costs. */
  auditOff: TargetReport;
  profileFile: string | undefined;
}

function printLoad(load: LoadReport): void {
  const stopped = load.stoppedEarly ? ` — STOPPED at the ${USER_LOAD_BUDGET_MS / 1000} s budget` : "";
  printTable("PDP data, loaded through the management API", [
    { step: "resources + roles", items: RESOURCES.length + ROLES.length, ms: load.policyMs },
    { step: "tenants (POST …/tenants)", items: load.tenants, ms: load.tenantsMs },
    { step: `users + roles (POST …/bulk/users ×1000)${stopped}`, items: load.usersLoaded, ms: load.usersMs },
  ]);
  if (load.stoppedEarly) {
    console.log(
      `  Note: only ${load.usersLoaded} of ${load.usersWanted} users were loaded; checks use those.\n`,
    );
  }
}

/**
 * Loads the data through the API into one server and load-tests it; then restarts on the same data
 * dir with audit writes off and load-tests that too (restarting reloads the snapshot from SQLite in
 * seconds, where reloading through the API would take as long as the first load).
 */
export async function benchTollgate(
  dataset: Dataset,
  options: BenchOptions,
  plan: LoadPlan,
): Promise<TollgateOutcome> {
  const profileFile = options.profile ? join(tmpdir(), `tollgate-pdp-${Date.now()}.cpuprofile`) : undefined;
  const server = await startTollgate({ profileFile, keepDataDir: true });
  const { dataDir } = server;
  try {
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

    const diagnostic = await startTollgate({ dataDir, keepDataDir: true, auditWritesOff: true });
    let auditOff: TargetReport;
    try {
      const target = {
        ...tollgateTarget(diagnostic, samples),
        name: "Tollgate, audit writes off (diagnostic)",
      };
      auditOff = await measureTarget(target, samples, plan);
    } finally {
      await diagnostic.stop();
    }
    return { load, samples, report, auditOff, profileFile };
  } finally {
    removeTempDir(dataDir);
  }
}
