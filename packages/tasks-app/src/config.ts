import { resolve } from "node:path";
import type { GroupRoleMapping } from "@tollgate/cognito-permit";

/**
 * The tasks app's configuration, parsed once from the environment. The same variables point it at
 * Tollgate's local services or at real AWS Cognito and Permit.io.
 */
export interface TasksAppConfig {
  host: string;
  port: number;
  /** Where browsers reach the app (the OAuth redirect URI is derived from it). */
  publicUrl: string;
  dataDir: string;
  /** APP_DATABASE_URL: PostgreSQL shared by app instances; unset means SQLite in the data dir. */
  databaseUrl?: string | undefined;
  cognito: {
    userPoolId: string;
    clientId: string;
    region: string;
    /** Hosted sign-in base URL, e.g. `https://auth.example.com` or `http://localhost:9229`. */
    domainUrl: string;
    /** Token issuer when it is not AWS's (the local pool); unset for real Cognito. */
    issuer: string | undefined;
    /** Admin API endpoint when it is not AWS's (the local pool). */
    endpoint: string | undefined;
    /**
     * Keys that sign admin calls and the event stream for a pool at `endpoint` (AWS_ACCESS_KEY_ID and
     * AWS_SECRET_ACCESS_KEY, needed when the local pool verifies signatures); unset means dummy keys,
     * which a pool that accepts any key takes. Against AWS the SDK's default credential chain is used.
     */
    credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
  };
  permit: { token: string; pdp: string; apiUrl: string };
  /** Tollgate's change stream; absent against Permit.io, where the app polls instead. */
  changeStreamUrl: string | undefined;
  mapping: GroupRoleMapping;
  /** APP_DECISION_TIMEOUT_MS: how long a guarded route waits for the PDP before answering 503. */
  decisionTimeoutMs?: number | undefined;
  /**
   * APP_SESSION_RECHECK_SECONDS: against real Cognito (no event stream), how often at most a session
   * is re-checked with the pool (default 60).
   */
  sessionRecheckMs?: number | undefined;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Cognito groups admin/editor/viewer become the Permit roles of the same names. A user in none of them
 * gets no role (so no access: a stranger who signs up sees "ask an admin"), unless the operator names
 * a default role with APP_DEFAULT_ROLE.
 */
export const DEFAULT_MAPPING: GroupRoleMapping = {
  groups: { admin: "admin", editor: "editor", viewer: "viewer" },
};

/** The group → role mapping with the operator's default role (APP_DEFAULT_ROLE), if any. */
export function groupRoleMapping(env: NodeJS.ProcessEnv = process.env): GroupRoleMapping {
  const defaultRole = env.APP_DEFAULT_ROLE?.trim();
  if (defaultRole === undefined || defaultRole === "") return DEFAULT_MAPPING;
  if (!/^[A-Za-z0-9_-]+$/.test(defaultRole))
    throw new ConfigError(
      `APP_DEFAULT_ROLE must be a role key (letters, digits, _ and -), got '${defaultRole}'`,
    );
  return { ...DEFAULT_MAPPING, defaultRole };
}

/** APP_SESSION_RECHECK_SECONDS, whole seconds from 1 to 3600 (default 60), in milliseconds. */
export function sessionRecheckMs(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.APP_SESSION_RECHECK_SECONDS;
  if (raw === undefined || raw === "") return undefined;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3600)
    throw new ConfigError(`APP_SESSION_RECHECK_SECONDS must be seconds from 1 to 3600, got '${raw}'`);
  return seconds * 1000;
}

/** APP_DECISION_TIMEOUT_MS, a positive whole number of milliseconds (default 2000). */
export function decisionTimeoutMs(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.APP_DECISION_TIMEOUT_MS;
  if (raw === undefined || raw === "") return undefined;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 1 || ms > 60_000)
    throw new ConfigError(`APP_DECISION_TIMEOUT_MS must be milliseconds from 1 to 60000, got '${raw}'`);
  return ms;
}

function required(env: NodeJS.ProcessEnv, name: string, hint: string): string {
  const value = env[name];
  if (!value) throw new ConfigError(`${name} is not set: ${hint}`);
  return value;
}

export function loadTasksAppConfig(env: NodeJS.ProcessEnv = process.env): TasksAppConfig {
  const port = Number(env.APP_PORT || 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`APP_PORT must be a port number from 0 to 65535, got '${env.APP_PORT}'`);
  }
  const userPoolId = required(env, "COGNITO_USER_POOL_ID", "the user pool id, e.g. us-east-1_AbC123");
  const region = env.AWS_REGION || userPoolId.split("_")[0] || "us-east-1";
  const domain = required(
    env,
    "COGNITO_DOMAIN",
    "the hosted sign-in domain, e.g. myapp.auth.us-east-1.amazoncognito.com",
  );
  const pdp = env.PERMIT_PDP_URL || "http://localhost:7766";
  return {
    host: env.APP_HOST || "127.0.0.1",
    port,
    publicUrl: (env.APP_PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, ""),
    dataDir: resolve(env.TOLLGATE_DATA_DIR || ".tollgate"),
    databaseUrl: env.APP_DATABASE_URL || undefined,
    cognito: {
      userPoolId,
      clientId: required(env, "COGNITO_CLIENT_ID", "the app client id (a public client, no secret)"),
      region,
      domainUrl: /^https?:\/\//.test(domain) ? domain.replace(/\/+$/, "") : `https://${domain}`,
      issuer: env.COGNITO_ISSUER || undefined,
      endpoint: env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER || undefined,
      credentials:
        env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
          ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }
          : undefined,
    },
    permit: {
      token: required(
        env,
        "PERMIT_API_KEY",
        "an environment-level Permit API key (or Tollgate's AUTHZ_API_KEY)",
      ),
      pdp,
      apiUrl: env.PERMIT_API_URL || "https://api.permit.io",
    },
    changeStreamUrl: env.TOLLGATE_CHANGES_URL || undefined,
    mapping: groupRoleMapping(env),
    decisionTimeoutMs: decisionTimeoutMs(env),
    sessionRecheckMs: sessionRecheckMs(env),
  };
}
