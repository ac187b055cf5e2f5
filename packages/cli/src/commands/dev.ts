import { resolve } from "node:path";
import type { Command } from "commander";
import { envWithFlags } from "../flags.ts";
import { runService } from "../service-process.ts";
import { DEMO_PASSWORD, DEMO_USERS } from "../stack/local-seed.ts";
import { runTasksApp } from "./app.ts";

/** Each flag of `tollgate dev` that stands for a variable. */
export const DEV_FLAGS = { dataDir: "TOLLGATE_DATA_DIR" } as const;

const DEFAULT_POLICY = resolve(import.meta.dirname, "..", "..", "..", "..", "policy", "tutorial.json");

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
Each service reads the variables it reads when started alone (tollgate authz, user-pool and app
--help list them): ports AUTHZ_PORT (7766), USER_POOL_PORT (9229), APP_PORT (3000); addresses
AUTHZ_HOST, USER_POOL_HOST, APP_HOST (127.0.0.1); AUTHZ_API_KEY, AUTHZ_DATABASE_URL,
AUTHZ_LOG_LEVEL, USER_POOL_PUBLIC_URL, APP_PUBLIC_URL, APP_DATABASE_URL, APP_DEFAULT_ROLE, ...
The authorization service runs in this process (AUTHZ_WORKERS is for tollgate authz) and logs at
warn unless AUTHZ_LOG_LEVEL is set.
With ${CLOUD_VARIABLES.join(", ")} (and AWS_REGION, PERMIT_PDP_URL) set, only the app starts,
against those services. Re-running keeps data; Ctrl-C stops everything.`,
    )
    .action(async (opts: { dataDir?: string; policy: string }) => {
      const env = envWithFlags(process.env, DEV_FLAGS, opts);
      if (CLOUD_VARIABLES.every((v) => env[v])) {
        await runTasksApp("dev", env);
        return;
      }
      const missing = CLOUD_VARIABLES.filter((v) => !env[v]);
      if (missing.length < CLOUD_VARIABLES.length) {
        console.log(`note: running the local stack; to use AWS and Permit.io also set ${missing.join(", ")}`);
      }
      const { startLocalStack } = await import("../stack/local-stack.ts");
      await runService({
        command: "dev",
        portVariables: "AUTHZ_PORT, USER_POOL_PORT and APP_PORT",
        start: () => startLocalStack({ env, policyFile: resolve(opts.policy) }),
        stopping: "stopping...",
        banner: (stack) =>
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
      });
    });
}
