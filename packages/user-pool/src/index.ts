/**
 * @tollgate/user-pool — a local, Cognito-compatible user pool: hosted sign-in pages, the OAuth2/OIDC
 * endpoints, JWKS, the AWS JSON 1.1 API and triggers, on SQLite.
 *
 * @example
 * import { loadUserPoolConfig, startUserPool } from "@tollgate/user-pool";
 * const pool = await startUserPool(loadUserPoolConfig(process.env), { seed: { pools: [...] } });
 * console.log(pool.url, pool.seed?.pools[0]?.issuer);
 */
export { buildUserPoolApp, consoleLogger, type UserPoolAppOptions, userPoolContext } from "./app.ts";
export { ConfigError, databaseFile, loadUserPoolConfig, type UserPoolConfig } from "./config.ts";
export type { Clock } from "./domain/clock.ts";
export type { Logger, PoolContext } from "./domain/context.ts";
export { AUTO_CONFIRM_TAG } from "./domain/pools.ts";
export { secretHash } from "./domain/secret-hash.ts";
export {
  SeedError,
  type SeedResult,
  SeedSchema,
  seedUserPool,
  seedUserPoolFromFile,
  type UserPoolSeed,
} from "./seed.ts";
export { type RunningUserPool, type StartUserPoolOptions, startUserPool } from "./server.ts";
export type { TriggerEvent, TriggerInvoker } from "./triggers/invoke.ts";
