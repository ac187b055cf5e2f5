import { resolve } from "node:path";
import { ConfigError, type Env, envPort } from "@tollgate/runtime";
import type { Command } from "commander";
import { DEMO_PASSWORD, DEMO_USERS } from "../stack/local-seed.ts";
import { exitOnStartError } from "../start-errors.ts";
import { runTasksApp } from "./app.ts";

const DEFAULT_POLICY = resolve(import.meta.dirname, "..", "..", "..", "..", "policy", "tutorial.json");

/** A port from the environment; a bad one ends `tollgate dev` with the runtime's message and code 2. */
function port(env: Env, name: string, fallback: number): number {
  try {
    return envPort(env, name, fallback);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`tollgate dev: ${err.message}`);
    process.exit(2);
  }
}

/** Real cloud: when these are set, only the app runs, against AWS Cognito and Permit.io. */
const CLOUD_VARIABLES = ["COGNITO_USER_POOL_ID", "COGNITO_CLIENT_ID", "COGNITO_DOMAIN", "PERMIT_API_KEY"];

/**
 * `tollgate dev` (what `npm start` runs): the whole local stack in one process, or, with the cloud
 * variables set, the tasks app alone against real AWS Cognito and Permit.io.
 */
export function registerDevCommand(program: Command): void {
  program
    .command("dev")
    .description(
      "start the whole local stack (what `npm start` runs), or the app alone against AWS and Permit.io",
    )
    .option("-d, --data-dir <dir>", "where data is kept (env TOLLGATE_DATA_DIR, default ./.tollgate)")
    .option(
      "--policy <file>",
      "policy file, applied on a fresh data dir or when it changed since it was last applied",
      DEFAULT_POLICY,
    )
    .addHelpText(
      "after",
      `
Ports: AUTHZ_PORT (7766), USER_POOL_PORT (9229), APP_PORT (3000); all bind 127.0.0.1.
With ${CLOUD_VARIABLES.join(", ")} (and AWS_REGION, PERMIT_PDP_URL) set, only the app starts,
against those services. Re-running keeps data; Ctrl-C stops everything.`,
    )
    .action(async (opts: { dataDir?: string; policy: string }) => {
      const env = process.env;
      if (CLOUD_VARIABLES.every((v) => env[v])) {
        await runTasksApp("dev", env);
        return;
      }
      const missing = CLOUD_VARIABLES.filter((v) => !env[v]);
      if (missing.length < CLOUD_VARIABLES.length) {
        console.log(`note: running the local stack; to use AWS and Permit.io also set ${missing.join(", ")}`);
      }
      const { startLocalStack } = await import("../stack/local-stack.ts");
      const stack = await startLocalStack({
        dataDir: resolve(opts.dataDir ?? env.TOLLGATE_DATA_DIR ?? ".tollgate"),
        authzPort: port(env, "AUTHZ_PORT", 7766),
        userPoolPort: port(env, "USER_POOL_PORT", 9229),
        appPort: port(env, "APP_PORT", 3000),
        policyFile: resolve(opts.policy),
        apiKey: env.AUTHZ_API_KEY || undefined,
        authzDatabaseUrl: env.AUTHZ_DATABASE_URL || undefined,
        appDatabaseUrl: env.APP_DATABASE_URL || undefined,
      }).catch((err) => exitOnStartError("dev", err, "AUTHZ_PORT, USER_POOL_PORT and APP_PORT"));
      console.log(
        [
          "",
          "Tollgate is running",
          `  Tasks app            ${stack.app.url}`,
          `  User pool (Cognito)  ${stack.userPool.publicUrl}   issuer ${stack.appConfig.cognito.issuer}`,
          `  Authz (Permit)       ${stack.authz.url}   API key ${stack.authz.apiKey}`,
          `  Policy console       ${stack.authz.url}/#key=${encodeURIComponent(stack.authz.apiKey)}   (signs you in)`,
          "",
          "  Sign in as:",
          ...DEMO_USERS.map((u) => `    ${u.email.padEnd(22)} ${DEMO_PASSWORD}   (${u.group})`),
          "",
          "  Ctrl-C stops everything; data stays in the data dir.",
          "",
        ].join("\n"),
      );
      let stopping = false;
      const stop = async () => {
        if (stopping) return;
        stopping = true;
        console.log("stopping...");
        await stack.close();
        process.exit(0);
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
}
