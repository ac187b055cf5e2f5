import { join, resolve } from "node:path";
import {
  ConfigError,
  type Env,
  envBoolean,
  envHost,
  envInteger,
  envPort,
  envString,
  envUrl,
} from "@tollgate/runtime";

/** Everything the user pool reads from the environment, parsed once at start. */
export interface UserPoolConfig {
  /** Interface to bind; loopback unless the operator opts out. */
  host: string;
  /** TCP port; 0 picks a free one (tests). */
  port: number;
  /**
   * Base URL that browsers and verifiers use to reach this server. Token `iss` is `<publicUrl>/<poolId>`,
   * so it must equal what verifiers are configured with. When unset it follows the bound port.
   */
  publicUrl: string | undefined;
  /** Directory holding `user-pool.db`. */
  dataDir: string;
  /** AWS region used in pool ids and ARNs. */
  region: string;
  /** scrypt cost as log2(N); r=8, p=1. See domain/password-hash.ts for the trade-off. */
  scryptLog2N: number;
  /**
   * Local mode: confirmation codes are shown on the hosted confirmation page (they are always logged),
   * because there is no mail server to deliver them.
   */
  showCodes: boolean;
  /** Optional seed file applied at start (idempotent). */
  seedFile: string | undefined;
  /**
   * The key pair IAM-protected operations must be signed with (SigV4, service `cognito-idp`). Unset:
   * any access key is accepted, but a well-formed signature header is still required.
   */
  iamCredentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  /** Requests per minute per client IP (sign-in and sign-up also per username); 0 = off. */
  rateLimits: { signIn: number; signUp: number; token: number; admin: number };
}

/** A bad or missing variable; the runtime's one error for every service's configuration. */
export { ConfigError };

/** A rate limit: requests per minute, 0 to switch it off. */
const PER_MINUTE = { min: 0, max: 1_000_000, unit: "requests per minute (0 = off)" };

/**
 * Parses the user pool's configuration from the environment, failing fast with a `ConfigError` that
 * names the variable.
 *
 * @example
 * const config = loadUserPoolConfig(process.env);
 * // { host: "127.0.0.1", port: 9229, dataDir: "/abs/.tollgate", ... }
 */
export function loadUserPoolConfig(env: Env = process.env): UserPoolConfig {
  const region = envString(env, "USER_POOL_REGION", "us-east-1");
  if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region))
    throw new ConfigError(
      "USER_POOL_REGION",
      `USER_POOL_REGION must be an AWS region name such as us-east-1, got '${region}'`,
    );
  const seed = envString(env, "USER_POOL_SEED");
  const accessKeyId = envString(env, "USER_POOL_AWS_ACCESS_KEY_ID");
  const secretAccessKey = envString(env, "USER_POOL_AWS_SECRET_ACCESS_KEY");
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    const missing =
      accessKeyId === undefined ? "USER_POOL_AWS_ACCESS_KEY_ID" : "USER_POOL_AWS_SECRET_ACCESS_KEY";
    throw new ConfigError(
      missing,
      `${missing} is not set: set both USER_POOL_AWS_ACCESS_KEY_ID and USER_POOL_AWS_SECRET_ACCESS_KEY, or neither`,
    );
  }
  return {
    host: envHost(env, "USER_POOL_HOST", "127.0.0.1"),
    port: envPort(env, "USER_POOL_PORT", 9229),
    publicUrl: envUrl(env, "USER_POOL_PUBLIC_URL")?.replace(/\/+$/, ""),
    dataDir: resolve(envString(env, "TOLLGATE_DATA_DIR", ".tollgate")),
    region,
    scryptLog2N: envInteger(env, "USER_POOL_SCRYPT_LOG2N", { min: 10, max: 20 }, 15),
    showCodes: envBoolean(env, "USER_POOL_SHOW_CODES", true),
    seedFile: seed === undefined ? undefined : resolve(seed),
    iamCredentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    // High enough for the test suite; low enough to stop guessing at scale. Benches switch them off.
    rateLimits: {
      signIn: envInteger(env, "USER_POOL_RATE_LIMIT_SIGN_IN", PER_MINUTE, 300),
      signUp: envInteger(env, "USER_POOL_RATE_LIMIT_SIGN_UP", PER_MINUTE, 100),
      token: envInteger(env, "USER_POOL_RATE_LIMIT_TOKEN", PER_MINUTE, 3000),
      admin: envInteger(env, "USER_POOL_RATE_LIMIT_ADMIN", PER_MINUTE, 6000),
    },
  };
}

/** Where the SQLite file lives inside the data directory. */
export function databaseFile(config: Pick<UserPoolConfig, "dataDir">): string {
  return join(config.dataDir, "user-pool.db");
}
