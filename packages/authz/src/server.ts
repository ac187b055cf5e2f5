import cluster from "node:cluster";
import { join } from "node:path";
import { jsonLogger, LOG_LEVELS } from "@tollgate/runtime";
import { resolveApiKey } from "./api-key.ts";
import { runClusterPrimary } from "./cluster/primary.ts";
import { runClusterWorker } from "./cluster/worker.ts";
import { type AuthzConfig, loadAuthzConfig } from "./config.ts";
import type { Scope } from "./service/context.ts";
import { type AuthzService, createAuthzService } from "./service.ts";
import { openPostgresStore } from "./storage/postgres.ts";
import { openSqliteStore } from "./storage/sqlite.ts";

export interface RunningAuthz {
  url: string;
  apiKey: string;
  service: AuthzService;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Called with the built service before it listens (to add hooks). */
  prepare?: (service: AuthzService) => void | Promise<void>;
}

/** Whether `level` lets info lines through (fatal, error, warn and silent do not). */
function logsInfo(level: AuthzConfig["logLevel"]): boolean {
  return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf("info") && level !== "silent";
}

/**
 * Starts the service on `config.host:config.port`, in this process (`config.workers` is the
 * command's business). Closing stops it; nothing here touches the process.
 *
 * @example
 * const authz = await startAuthz({ ...loadAuthzConfig(process.env), port: 0 });
 * // new Permit({ token: authz.apiKey, pdp: authz.url, apiUrl: authz.url })
 * await authz.close();
 */
export async function startAuthz(
  config: AuthzConfig,
  options: StartOptions = {},
): Promise<RunningAuthz & { apiKeySource: string; apiKeyFile: string }> {
  const key = resolveApiKey(config.dataDir, config.apiKey);
  const service = await createAuthzService({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    // Progress while the snapshot loads comes before Fastify's logger exists; these lines are shaped
    // like its (pino's) info lines so one log pipeline reads both.
    log: logsInfo(config.logLevel)
      ? (msg) => console.log(JSON.stringify({ level: 30, time: Date.now(), pid: process.pid, msg }))
      : undefined,
    apiKeys: [key.key],
    logger: jsonLogger(config.logLevel),
  });
  let address: string;
  try {
    await options.prepare?.(service);
    address = await service.app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await service.close().catch(() => undefined);
    throw err;
  }
  const url = address.replace("127.0.0.1", "localhost");
  return {
    url,
    apiKey: key.key,
    apiKeySource: key.source,
    apiKeyFile: key.file,
    service,
    close: () => service.close(),
  };
}

export interface RunningAuthzCommand {
  url: string;
  config: AuthzConfig;
  /** The environment's ids, for the banner and for SDK users who want them. */
  scope: Scope;
  /** The API key clients use, and where it came from (the CLI prints it). */
  apiKey: { key: string; source: string; file: string };
  /** The pids of the processes serving requests (this one, or the cluster's workers). */
  workers(): number[];
  close(): Promise<void>;
}

/**
 * What `tollgate authz` runs, without owning the process (the CLI prints the banner, handles signals
 * and chooses exit codes): reads `env` (a `ConfigError` names a bad variable), then serves with
 * `config.workers` processes. With one, the service runs in this process; with more, this process
 * is the cluster's primary and every worker runs this same function (see cluster/worker-main.mjs),
 * taking the branch that serves.
 */
export async function startAuthzFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<RunningAuthzCommand> {
  const config = loadAuthzConfig(env);
  if (cluster.isWorker) {
    await runClusterWorker(config);
    return {
      url: "",
      config,
      scope: NO_SCOPE,
      // A worker reports to the primary, which holds the key it was given or generated.
      apiKey: { key: "", source: "primary", file: "" },
      workers: () => [process.pid],
      close: async () => undefined,
    };
  }
  // The primary settles the key (generating it on a first start) before any worker starts.
  const key = resolveApiKey(config.dataDir, config.apiKey);
  if (config.workers === 1) {
    const one = await startAuthz(config);
    return {
      url: one.url,
      config,
      scope: one.service.core.scope,
      apiKey: key,
      workers: () => [process.pid],
      close: one.close,
    };
  }
  const log = (msg: string) =>
    console.error(JSON.stringify({ level: 40, time: Date.now(), pid: process.pid, msg }));
  // Migrated once here: migrations on SQLite take no lock, so workers must not race to run them.
  await migrateStore(config);
  const running = await runClusterPrimary(config.workers, workerEnv(env), log);
  return { ...running, config, apiKey: key };
}

/** A worker's answer to its own start: it reports to the primary, not to a caller. */
const NO_SCOPE: Scope = {
  organization_id: "",
  project_id: "",
  environment_id: "",
  project_key: "",
  environment_key: "",
};

async function migrateStore(config: AuthzConfig): Promise<void> {
  const store = config.databaseUrl
    ? await openPostgresStore(config.databaseUrl)
    : await openSqliteStore(join(config.dataDir, "authz.db"));
  await store.close();
}

/** The workers run the same command; they get its environment, including what flags set. */
function workerEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  out.GLIBC_TUNABLES = withHugePages(out.GLIBC_TUNABLES);
  return out;
}

/**
 * glibc's tunable that backs large allocations (the engine's typed arrays: the user index, the
 * audit batches) with transparent huge pages where the kernel allows them (`madvise` mode, the
 * usual default). At a million users a check is bound by TLB misses on those tables; huge pages cut
 * its time by about a fifth (409 → 337 ns, `npm run bench -- --only engine`). Other C libraries
 * ignore it; an operator's own setting for it wins.
 */
export function withHugePages(tunables: string | undefined): string {
  if (tunables === undefined || tunables === "") return HUGE_PAGES;
  return tunables.includes("glibc.malloc.hugetlb") ? tunables : `${tunables}:${HUGE_PAGES}`;
}

const HUGE_PAGES = "glibc.malloc.hugetlb=1";
