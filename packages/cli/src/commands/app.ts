import type { Command } from "commander";
import { envWithFlags } from "../flags.ts";
import { runService } from "../service-process.ts";

/** The variables the app reads; the help lists them so `tollgate app --help` is the whole manual. */
export const APP_VARIABLES = `
The app reads its configuration from the environment:
  COGNITO_USER_POOL_ID     the user pool, e.g. us-east-1_AbC123 (local stack: us-east-1_Tollgate1)
  COGNITO_CLIENT_ID        the app client id (a public client, no secret)
  COGNITO_DOMAIN           hosted sign-in domain or URL (local: http://localhost:9229)
  COGNITO_ISSUER           token issuer when it is not AWS's (local: http://localhost:9229/<pool id>)
  AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER   the pool's admin API when it is not AWS's
  AWS_REGION               default: from the pool id
  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY   keys that sign admin calls to a non-AWS pool that
                           verifies signatures (default: dummy keys; against AWS: the default chain)
  PERMIT_API_KEY           Permit environment key (or Tollgate's AUTHZ_API_KEY)
  PERMIT_PDP_URL           the PDP (default http://localhost:7766)
  PERMIT_API_URL           the management API (default https://api.permit.io)
  TOLLGATE_CHANGES_URL     Tollgate's change stream (absent: the app polls, as against Permit.io)
  APP_PORT (3000), APP_HOST (127.0.0.1), APP_PUBLIC_URL, APP_DATABASE_URL, TOLLGATE_DATA_DIR
  APP_DEFAULT_ROLE         role for a user whose groups map to none (default: none, no access)
  APP_DECISION_TIMEOUT_MS  how long a guarded route waits for the PDP before 503 (default 2000)
  APP_SESSION_RECHECK_SECONDS  against real Cognito, how often a session is re-checked (default 60)

Probes (no credentials): GET /health (the process answers), GET /ready (503 while its database
cannot serve), GET /metrics (Prometheus).`;

/** Each flag of `tollgate app` and the variable it sets. */
export const APP_FLAGS = {
  port: "APP_PORT",
  host: "APP_HOST",
  dataDir: "TOLLGATE_DATA_DIR",
} as const;

/** `tollgate app`: the tasks app alone, against any user pool and authorization service. */
export function registerAppCommand(program: Command): void {
  program
    .command("app")
    .description("start the tasks app alone, against any Cognito-compatible pool and Permit-compatible PDP")
    .option("-p, --port <port>", "port to listen on (env APP_PORT, default 3000; 0 = any free port)")
    .option("-H, --host <host>", "address to bind (env APP_HOST, default 127.0.0.1)")
    .option("-d, --data-dir <dir>", "where tasks.db lives (env TOLLGATE_DATA_DIR, default ./.tollgate)")
    .addHelpText("after", APP_VARIABLES)
    .action(async (opts: Record<string, unknown>) => {
      await runTasksApp("app", envWithFlags(process.env, APP_FLAGS, opts));
    });
}

/**
 * Starts the tasks app from `env` and owns its process (banner, signals, exit codes): `tollgate app`,
 * and `tollgate dev` when it runs against the cloud.
 */
export async function runTasksApp(command: string, env: NodeJS.ProcessEnv): Promise<void> {
  const { loadTasksAppConfig, startTasksApp } = await import("@tollgate/tasks-app");
  let config: ReturnType<typeof loadTasksAppConfig>;
  await runService({
    command,
    portVariables: "APP_PORT or --port",
    configHint: "(see tollgate app --help)",
    start: () => {
      config = loadTasksAppConfig(env);
      return startTasksApp(config, { logger: true });
    },
    banner: (app) =>
      [
        "",
        "Tollgate tasks app is running",
        `  App            ${app.url}`,
        `  Sign-in        ${config.cognito.domainUrl}   (pool ${config.cognito.userPoolId})`,
        `  PDP            ${config.permit.pdp}`,
        `  Live updates   ${config.changeStreamUrl ?? "polling (no change stream configured)"}`,
        `  Probes         ${app.url}/health (live), ${app.url}/ready (ready), ${app.url}/metrics`,
        "",
        "  Ctrl-C stops it.",
        "",
      ].join("\n"),
  });
}
