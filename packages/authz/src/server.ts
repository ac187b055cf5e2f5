import cluster from "node:cluster";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { resolveApiKey } from "./api-key.ts";
import { runClusterPrimary } from "./cluster/primary.ts";
import { runClusterWorker } from "./cluster/worker.ts";
import { workerCount } from "./cluster/worker-count.ts";
import { type AuthzConfig, ConfigError, loadAuthzConfig } from "./config.ts";
import { CONSOLE_DIST } from "./http/console.ts";
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

/** Starts the service on `config.host:config.port`, in this process. */
export async function startAuthz(
  config: AuthzConfig,
  options: StartOptions = {},
): Promise<RunningAuthz & { apiKeySource: string; apiKeyFile: string }> {
  const key = resolveApiKey(config.dataDir, config.apiKey);
  const service = await createAuthzService({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    // Structured like Fastify's own (pino) lines, so one log pipeline reads both.
    log: !["info", "debug", "trace"].includes(config.logLevel)
      ? undefined
      : (msg) => console.log(JSON.stringify({ level: 30, time: Date.now(), pid: process.pid, msg })),
    apiKeys: [key.key],
    logger: config.logLevel === "silent" ? false : { level: config.logLevel },
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
  /** The pids of the processes serving requests (this one, or the cluster's workers). */
  workers(): number[];
  close(): Promise<void>;
}

/**
 * `tollgate authz`: reads the environment, starts one process per worker (AUTHZ_WORKERS, default
 * one per core; with one, the service runs in this process), prints a banner, stops cleanly on a
 * signal. In a cluster this process is the primary and the workers run this same function.
 */
export async function startAuthzFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<RunningAuthzCommand> {
  let config: AuthzConfig;
  let workers: number;
  try {
    config = loadAuthzConfig(env);
    workers = workerCount(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`tollgate authz: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  if (cluster.isWorker) {
    await runClusterWorker(config);
    return { url: "", workers: () => [process.pid], close: async () => undefined };
  }
  let running: RunningAuthzCommand & { scope: Scope };
  const key = resolveApiKey(config.dataDir, config.apiKey);
  if (workers === 1) {
    const one = await startAuthz(config);
    running = { url: one.url, scope: one.service.core.scope, workers: () => [process.pid], close: one.close };
  } else {
    const log = (msg: string) =>
      console.error(JSON.stringify({ level: 40, time: Date.now(), pid: process.pid, msg }));
    // Migrated once here: migrations on SQLite take no lock, so workers must not race to run them.
    await migrateStore(config);
    running = await runClusterPrimary(workers, workerEnv(env), log);
  }
  printBanner(config, running.url, running.scope, key, workers);
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return running;
}

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
  return out;
}

function printBanner(
  config: AuthzConfig,
  url: string,
  scope: Scope,
  key: { key: string; source: string; file: string },
  workers: number,
): void {
  const keyLine =
    key.source === "env"
      ? "API key      from AUTHZ_API_KEY"
      : `API key      ${key.key}\n               (${key.source === "generated" ? "generated now and " : ""}kept in ${key.file}, mode 0600)`;
  console.log(
    [
      "",
      "Tollgate authorization service (Permit-compatible)",
      `  API + PDP    ${url}`,
      `  OpenAPI      ${url}/openapi.json`,
      ...(existsSync(join(CONSOLE_DIST, "index.html"))
        ? [`  Console      ${url}/#key=${encodeURIComponent(key.key)}   (this link signs you in)`]
        : [`  Console      not built: npm run build -w @tollgate/authz-console (npm start builds it)`]),
      `  Data         ${config.databaseUrl ? config.databaseUrl.replace(/\/\/[^@/]*@/, "//***@") : config.dataDir}`,
      `  Workers      ${workers} ${workers === 1 ? "process" : "processes sharing the port"} (AUTHZ_WORKERS or --workers)`,
      `  ${keyLine}`,
      `  Project      ${scope.project_id} (or "${scope.project_key}"), environment ${scope.environment_id} (or "${scope.environment_key}")`,
      "",
      `  SDK: new Permit({ token: "<API key>", pdp: "${url}", apiUrl: "${url}" })`,
      "",
    ].join("\n"),
  );
}
