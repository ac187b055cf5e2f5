import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import {
  ConfigError,
  type Env,
  envEnum,
  envHost,
  envInteger,
  envPort,
  envString,
  envUrl,
  LOG_LEVELS,
  type LogLevel,
} from "@tollgate/runtime";

/** The authorization service's configuration, parsed once from the environment at start. */
export interface AuthzConfig {
  host: string;
  port: number;
  dataDir: string;
  /** From AUTHZ_API_KEY; when absent a key is generated and kept in the data dir. */
  apiKey: string | undefined;
  logLevel: LogLevel;
  /** AUTHZ_DATABASE_URL: PostgreSQL shared by replicas; unset means SQLite in the data dir. */
  databaseUrl: string | undefined;
  /**
   * AUTHZ_WORKERS: processes serving `tollgate authz` on its one port (default one per core; 1 runs
   * the service in the command's own process). Embedded use (`startAuthz`, `tollgate dev`) is always
   * one process.
   */
  workers: number;
}

/** A bad or missing variable; the runtime's one error for every service's configuration. */
export { ConfigError };

/** The most workers accepted: far past any core count, small enough to catch a typo. */
const MAX_WORKERS = 256;
/** Shorter keys are guessable; a generated one is far longer. */
const MIN_API_KEY_LENGTH = 16;

/**
 * Parses the service's configuration from `env`, failing fast with a `ConfigError` that names the
 * variable.
 *
 * @example
 * const config = loadAuthzConfig({ AUTHZ_PORT: "0", TOLLGATE_DATA_DIR: dir });
 * const authz = await startAuthz(config);
 */
export function loadAuthzConfig(env: Env = process.env): AuthzConfig {
  const apiKey = envString(env, "AUTHZ_API_KEY");
  if (apiKey !== undefined && apiKey.length < MIN_API_KEY_LENGTH) {
    throw new ConfigError(
      "AUTHZ_API_KEY",
      `AUTHZ_API_KEY must be at least ${MIN_API_KEY_LENGTH} characters; unset it to have one generated`,
    );
  }
  return {
    host: envHost(env, "AUTHZ_HOST", "127.0.0.1"),
    port: envPort(env, "AUTHZ_PORT", 7766),
    dataDir: resolve(envString(env, "TOLLGATE_DATA_DIR", ".tollgate")),
    apiKey,
    logLevel: envEnum(env, "AUTHZ_LOG_LEVEL", LOG_LEVELS, "info"),
    databaseUrl: envUrl(env, "AUTHZ_DATABASE_URL", { protocols: ["postgres", "postgresql"] }),
    workers: envInteger(env, "AUTHZ_WORKERS", { min: 1, max: MAX_WORKERS }, availableParallelism()),
  };
}
