import type { Command } from "commander";
import { exitOnStartError } from "../start-errors.ts";

interface UserPoolOptions {
  port?: string;
  host?: string;
  publicUrl?: string;
  dataDir?: string;
  seed?: string;
}

/**
 * `tollgate user-pool`: the Cognito-compatible user pool (packages/user-pool) alone. Options override
 * the environment (USER_POOL_PORT, USER_POOL_HOST, USER_POOL_PUBLIC_URL, TOLLGATE_DATA_DIR, USER_POOL_SEED).
 */
export function registerUserPoolCommand(program: Command): void {
  program
    .command("user-pool")
    .description("start the Cognito-compatible user pool alone (hosted UI, /oauth2/*, JWKS, AWS JSON API)")
    .option("-p, --port <port>", "port to listen on (env USER_POOL_PORT, default 9229; 0 = any free port)")
    .option("--host <host>", "interface to bind (env USER_POOL_HOST, default 127.0.0.1)")
    .option(
      "--public-url <url>",
      "base URL in token issuers (env USER_POOL_PUBLIC_URL, default http://localhost:<port>)",
    )
    .option("--data-dir <dir>", "where user-pool.db lives (env TOLLGATE_DATA_DIR, default ./.tollgate)")
    .option(
      "--seed <file>",
      "JSON seed of pools, clients, groups and users, applied idempotently (env USER_POOL_SEED)",
    )
    .action(async (options: UserPoolOptions) => {
      // Options go through the environment so the package's one config parser validates them all.
      if (options.port !== undefined) process.env["USER_POOL_PORT"] = options.port;
      if (options.host !== undefined) process.env["USER_POOL_HOST"] = options.host;
      if (options.publicUrl !== undefined) process.env["USER_POOL_PUBLIC_URL"] = options.publicUrl;
      if (options.dataDir !== undefined) process.env["TOLLGATE_DATA_DIR"] = options.dataDir;
      if (options.seed !== undefined) process.env["USER_POOL_SEED"] = options.seed;
      const { startUserPoolFromEnv } = await import("@tollgate/user-pool");
      await startUserPoolFromEnv().catch((err) =>
        exitOnStartError("user-pool", err, "USER_POOL_PORT or --port"),
      );
    });
}
