import type { Command } from "commander";
import { envWithFlags } from "../flags.ts";
import { runService } from "../service-process.ts";
import { userPoolBanner } from "./user-pool-banner.ts";

/** Each flag of `tollgate user-pool` and the variable it sets. */
export const USER_POOL_FLAGS = {
  port: "USER_POOL_PORT",
  host: "USER_POOL_HOST",
  publicUrl: "USER_POOL_PUBLIC_URL",
  dataDir: "TOLLGATE_DATA_DIR",
  seed: "USER_POOL_SEED",
} as const;

/** `tollgate user-pool`: the Cognito-compatible user pool (packages/user-pool) alone. */
export function registerUserPoolCommand(program: Command): void {
  program
    .command("user-pool")
    .description("start the Cognito-compatible user pool alone (hosted UI, /oauth2/*, JWKS, AWS JSON API)")
    .option("-p, --port <port>", "port to listen on (env USER_POOL_PORT, default 9229; 0 = any free port)")
    .option("-H, --host <host>", "address to bind (env USER_POOL_HOST, default 127.0.0.1)")
    .option(
      "--public-url <url>",
      "base URL in token issuers (env USER_POOL_PUBLIC_URL, default http://localhost:<port>)",
    )
    .option("-d, --data-dir <dir>", "where user-pool.db lives (env TOLLGATE_DATA_DIR, default ./.tollgate)")
    .option(
      "--seed <file>",
      "JSON seed of pools, clients, groups and users, applied idempotently (env USER_POOL_SEED)",
    )
    .addHelpText(
      "after",
      `
More settings come from the environment:
  USER_POOL_REGION                 region in pool ids and ARNs (default us-east-1)
  USER_POOL_SCRYPT_LOG2N           password hashing cost, scrypt N = 2^value, 10..20 (default 15)
  USER_POOL_SHOW_CODES             show confirmation codes on the hosted pages (default true)
  USER_POOL_AWS_ACCESS_KEY_ID, USER_POOL_AWS_SECRET_ACCESS_KEY
                                   the one key pair admin calls must be signed with (default: any)
  USER_POOL_RATE_LIMIT_SIGN_IN, USER_POOL_RATE_LIMIT_SIGN_UP, USER_POOL_RATE_LIMIT_TOKEN,
  USER_POOL_RATE_LIMIT_ADMIN       requests per minute per client (0 = off)

Probes (no credentials): GET /health (the process answers), GET /ready (503 while its database
cannot serve), GET /metrics (Prometheus).`,
    )
    .action(async (opts: Record<string, unknown>) => {
      const { loadUserPoolConfig, startUserPool } = await import("@tollgate/user-pool");
      let config: ReturnType<typeof loadUserPoolConfig>;
      await runService({
        command: "user-pool",
        portVariables: "USER_POOL_PORT or --port",
        start: () => {
          config = loadUserPoolConfig(envWithFlags(process.env, USER_POOL_FLAGS, opts));
          return startUserPool(config);
        },
        banner: (pool) => userPoolBanner(pool, config),
      });
    });
}
