import type { Command } from "commander";
import { exitOnStartError } from "../start-errors.ts";

interface AppOptions {
  port?: string;
  host?: string;
  dataDir?: string;
}

/** The variables the app reads; the help lists them so `tollgate app --help` is the whole manual. */
export const APP_VARIABLES = `
The app reads its configuration from the environment:
  COGNITO_USER_POOL_ID     the user pool, e.g. us-east-1_AbC123 (local stack: us-east-1_Tollgate1)
  COGNITO_CLIENT_ID        the app client id (a public client, no secret)
  COGNITO_DOMAIN           hosted sign-in domain or URL (local: http://localhost:9229)
  COGNITO_ISSUER           token issuer when it is not AWS's (local: http://localhost:9229/<pool id>)
  AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER   the pool's admin API when it is not AWS's
  AWS_REGION               default: from the pool id
  PERMIT_API_KEY           Permit environment key (or Tollgate's AUTHZ_API_KEY)
  PERMIT_PDP_URL           the PDP (default http://localhost:7766)
  PERMIT_API_URL           the management API (default https://api.permit.io)
  TOLLGATE_CHANGES_URL     Tollgate's change stream (absent: the app polls, as against Permit.io)
  APP_PORT (3000), APP_HOST (127.0.0.1), APP_PUBLIC_URL, APP_DATABASE_URL, TOLLGATE_DATA_DIR`;

/** `tollgate app`: the tasks app alone, against any user pool and authorization service. */
export function registerAppCommand(program: Command): void {
  program
    .command("app")
    .description("start the tasks app alone, against any Cognito-compatible pool and Permit-compatible PDP")
    .option("-p, --port <port>", "port to listen on (env APP_PORT, default 3000)")
    .option("-H, --host <host>", "address to bind (env APP_HOST, default 127.0.0.1)")
    .option("-d, --data-dir <dir>", "where tasks.db lives (env TOLLGATE_DATA_DIR, default ./.tollgate)")
    .addHelpText("after", APP_VARIABLES)
    .action(async (opts: AppOptions) => {
      await runTasksApp("app", {
        ...process.env,
        ...(opts.port !== undefined && { APP_PORT: opts.port }),
        ...(opts.host !== undefined && { APP_HOST: opts.host }),
        ...(opts.dataDir !== undefined && { TOLLGATE_DATA_DIR: opts.dataDir }),
      });
    });
}

/**
 * Starts the tasks app from `env`, prints its banner and stops it on SIGINT/SIGTERM: `tollgate app`,
 * and `tollgate dev` when it runs against the cloud.
 */
export async function runTasksApp(command: string, env: NodeJS.ProcessEnv): Promise<void> {
  const { ConfigError, loadTasksAppConfig, startTasksApp } = await import("@tollgate/tasks-app");
  let config: ReturnType<typeof loadTasksAppConfig>;
  try {
    config = loadTasksAppConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`tollgate ${command}: ${err.message} (see tollgate app --help)`);
    process.exit(2);
  }
  const app = await startTasksApp(config, { logger: true }).catch((err) =>
    exitOnStartError(command, err, "APP_PORT or --port"),
  );
  console.log(
    [
      "",
      "Tollgate tasks app is running",
      `  App            ${app.url}`,
      `  Sign-in        ${config.cognito.domainUrl}   (pool ${config.cognito.userPoolId})`,
      `  PDP            ${config.permit.pdp}`,
      `  Live updates   ${config.changeStreamUrl ?? "polling (no change stream configured)"}`,
      "",
      "  Ctrl-C stops it.",
      "",
    ].join("\n"),
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
