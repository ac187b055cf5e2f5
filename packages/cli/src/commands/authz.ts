import type { Command } from "commander";
import { envWithFlags } from "../flags.ts";
import { runService } from "../service-process.ts";
import { authzBanner } from "./authz-banner.ts";

/** Each flag of `tollgate authz` and the variable it sets. */
export const AUTHZ_FLAGS = {
  port: "AUTHZ_PORT",
  host: "AUTHZ_HOST",
  dataDir: "TOLLGATE_DATA_DIR",
  databaseUrl: "AUTHZ_DATABASE_URL",
  workers: "AUTHZ_WORKERS",
  logLevel: "AUTHZ_LOG_LEVEL",
} as const;

/** `tollgate authz`: the Permit-compatible authorization service (packages/authz). */
export function registerAuthzCommand(program: Command): void {
  program
    .command("authz")
    .description("start the Permit-compatible authorization service (management API + PDP) alone")
    .option("-p, --port <port>", "port to listen on (env AUTHZ_PORT, default 7766; 0 = any free port)")
    .option("-H, --host <host>", "address to bind (env AUTHZ_HOST, default 127.0.0.1)")
    .option("-d, --data-dir <dir>", "where data is kept (env TOLLGATE_DATA_DIR, default ./.tollgate)")
    .option(
      "--database-url <url>",
      "postgres://... shared by any number of replicas (env AUTHZ_DATABASE_URL, default SQLite in the data dir)",
    )
    .option(
      "-w, --workers <n>",
      "processes serving requests on the one port (env AUTHZ_WORKERS, default one per CPU core)",
    )
    .option(
      "--log-level <level>",
      "fatal|error|warn|info|debug|trace|silent (env AUTHZ_LOG_LEVEL, default info)",
    )
    .addHelpText(
      "after",
      `
The API key is AUTHZ_API_KEY when set (at least 16 characters); otherwise one is generated on first
start, kept in <data dir>/authz-api-key (mode 0600) and printed.

Decisions are served by one worker process per core (--workers / AUTHZ_WORKERS to choose; 1 runs
the service in this process). Every worker holds the policy snapshot and follows the store's change
log; a write through any worker is seen by the next check on every worker, and all workers write to
the one audit log. Each response names its worker in the X-Tollgate-Worker header.

Probes (no key): GET /health (the process answers), GET /ready and /healthy (503 naming the storage,
snapshot or change listener that cannot serve), GET /metrics (Prometheus).

Point the permitio SDK at it with
  new Permit({ token, pdp: "http://localhost:7766", apiUrl: "http://localhost:7766" })`,
    )
    .action(async (opts: Record<string, unknown>) => {
      const { startAuthzFromEnv } = await import("@tollgate/authz");
      await runService({
        command: "authz",
        portVariables: "AUTHZ_PORT or --port",
        start: () => startAuthzFromEnv(envWithFlags(process.env, AUTHZ_FLAGS, opts)),
        banner: authzBanner,
      });
    });
}
