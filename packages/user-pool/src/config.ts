import { isAbsolute, join, resolve } from "node:path";

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

/** Raised at start when a variable is malformed; names the variable so the fix is obvious. */
export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = "ConfigError";
  }
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `expected an integer, got ${JSON.stringify(raw)}`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `expected ${min}..${max}, got ${value}`);
  return value;
}

function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(name, `expected true or false, got ${JSON.stringify(raw)}`);
}

/**
 * Parses the user pool's configuration from the environment, failing fast with the variable's name.
 *
 * @example
 * const config = parseUserPoolConfig(process.env);
 * // { host: "127.0.0.1", port: 9229, dataDir: "/abs/.tollgate", ... }
 */
export function parseUserPoolConfig(env: NodeJS.ProcessEnv = process.env): UserPoolConfig {
  const host = env["USER_POOL_HOST"] || "127.0.0.1";
  const port = integer(env, "USER_POOL_PORT", 9229, 0, 65535);
  const publicUrl = env["USER_POOL_PUBLIC_URL"] || undefined;
  if (publicUrl !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(publicUrl);
    } catch {
      throw new ConfigError("USER_POOL_PUBLIC_URL", `not a URL: ${JSON.stringify(publicUrl)}`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
      throw new ConfigError("USER_POOL_PUBLIC_URL", "must be http: or https:");
  }
  const region = env["USER_POOL_REGION"] || "us-east-1";
  if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region))
    throw new ConfigError("USER_POOL_REGION", `not an AWS region name: ${JSON.stringify(region)}`);
  const dataDir = env["TOLLGATE_DATA_DIR"] || ".tollgate";
  const seed = env["USER_POOL_SEED"] || undefined;
  const accessKeyId = env["USER_POOL_AWS_ACCESS_KEY_ID"] || undefined;
  const secretAccessKey = env["USER_POOL_AWS_SECRET_ACCESS_KEY"] || undefined;
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined))
    throw new ConfigError(
      accessKeyId === undefined ? "USER_POOL_AWS_ACCESS_KEY_ID" : "USER_POOL_AWS_SECRET_ACCESS_KEY",
      "set both USER_POOL_AWS_ACCESS_KEY_ID and USER_POOL_AWS_SECRET_ACCESS_KEY, or neither",
    );
  return {
    host,
    port,
    publicUrl: publicUrl?.replace(/\/+$/, ""),
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(dataDir),
    region,
    scryptLog2N: integer(env, "USER_POOL_SCRYPT_LOG2N", 15, 10, 20),
    showCodes: boolean(env, "USER_POOL_SHOW_CODES", true),
    seedFile: seed === undefined ? undefined : resolve(seed),
    iamCredentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    // High enough for the test suite; low enough to stop guessing at scale. Benches switch them off.
    rateLimits: {
      signIn: integer(env, "USER_POOL_RATE_LIMIT_SIGN_IN", 300, 0, 1_000_000),
      signUp: integer(env, "USER_POOL_RATE_LIMIT_SIGN_UP", 100, 0, 1_000_000),
      token: integer(env, "USER_POOL_RATE_LIMIT_TOKEN", 3000, 0, 1_000_000),
      admin: integer(env, "USER_POOL_RATE_LIMIT_ADMIN", 6000, 0, 1_000_000),
    },
  };
}

/** Where the SQLite file lives inside the data directory. */
export function databaseFile(config: Pick<UserPoolConfig, "dataDir">): string {
  return join(config.dataDir, "user-pool.db");
}
