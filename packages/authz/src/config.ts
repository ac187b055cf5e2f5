import { resolve } from "node:path";

/** The authorization service's configuration, parsed once from the environment at start. */
export interface AuthzConfig {
  host: string;
  port: number;
  dataDir: string;
  /** From AUTHZ_API_KEY; when absent a key is generated and kept in the data dir. */
  apiKey: string | undefined;
  logLevel: string;
  /** AUTHZ_DATABASE_URL: PostgreSQL shared by replicas; unset means SQLite in the data dir. */
  databaseUrl: string | undefined;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function parsePort(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === "") return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`${name} must be a port number from 0 to 65535, got '${raw}'`);
  }
  return port;
}

export function loadAuthzConfig(env: NodeJS.ProcessEnv = process.env): AuthzConfig {
  const apiKey = env.AUTHZ_API_KEY || undefined;
  if (apiKey !== undefined && apiKey.length < 16) {
    throw new ConfigError("AUTHZ_API_KEY must be at least 16 characters; unset it to have one generated");
  }
  const logLevel = env.AUTHZ_LOG_LEVEL || "info";
  if (!["fatal", "error", "warn", "info", "debug", "trace", "silent"].includes(logLevel)) {
    throw new ConfigError(`AUTHZ_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent`);
  }
  const databaseUrl = env.AUTHZ_DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError("AUTHZ_DATABASE_URL must be a postgres:// URL (leave it unset for SQLite)");
  }
  return {
    databaseUrl,
    host: env.AUTHZ_HOST || "127.0.0.1",
    port: parsePort("AUTHZ_PORT", env.AUTHZ_PORT, 7766),
    dataDir: resolve(env.TOLLGATE_DATA_DIR || ".tollgate"),
    apiKey,
    logLevel,
  };
}
