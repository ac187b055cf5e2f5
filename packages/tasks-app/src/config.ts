import { resolve } from "node:path";
import type { GroupRoleMapping } from "@tollgate/cognito-permit";
import {
  ConfigError,
  type Env,
  envHost,
  envInteger,
  envPort,
  envRequired,
  envString,
  envUrl,
} from "@tollgate/runtime";

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

/** A bad or missing variable; the runtime's one error for every service's configuration. */
export { ConfigError };

/**
 * Cognito groups admin/editor/viewer become the Permit roles of the same names. A user in none of them
 * gets no role (so no access: a stranger who signs up sees "ask an admin"), unless the operator names
 * a default role with APP_DEFAULT_ROLE.
 */
export const DEFAULT_MAPPING: GroupRoleMapping = {
  groups: { admin: "admin", editor: "editor", viewer: "viewer" },
};

/** The group → role mapping with the operator's default role (APP_DEFAULT_ROLE), if any. */
export function groupRoleMapping(env: Env = process.env): GroupRoleMapping {
  const defaultRole = envString(env, "APP_DEFAULT_ROLE")?.trim();
  if (defaultRole === undefined || defaultRole === "") return DEFAULT_MAPPING;
  if (!/^[A-Za-z0-9_-]+$/.test(defaultRole))
    throw new ConfigError(
      "APP_DEFAULT_ROLE",
      `APP_DEFAULT_ROLE must be a role key (letters, digits, _ and -), got '${defaultRole}'`,
    );
  return { ...DEFAULT_MAPPING, defaultRole };
}

/** APP_SESSION_RECHECK_SECONDS, whole seconds from 1 to 3600 (default 60), in milliseconds. */
export function sessionRecheckMs(env: Env = process.env): number | undefined {
  const seconds = envInteger(env, "APP_SESSION_RECHECK_SECONDS", { min: 1, max: 3600, unit: "seconds" });
  return seconds === undefined ? undefined : seconds * 1000;
}

/** APP_DECISION_TIMEOUT_MS, a positive whole number of milliseconds (default 2000). */
export function decisionTimeoutMs(env: Env = process.env): number | undefined {
  return envInteger(env, "APP_DECISION_TIMEOUT_MS", { min: 1, max: 60_000, unit: "milliseconds" });
}

const POSTGRES = { protocols: ["postgres", "postgresql"] };

export function loadTasksAppConfig(env: Env = process.env): TasksAppConfig {
  const port = envPort(env, "APP_PORT", 3000);
  const userPoolId = envRequired(env, "COGNITO_USER_POOL_ID", "the user pool id, e.g. us-east-1_AbC123");
  const region = env.AWS_REGION || userPoolId.split("_")[0] || "us-east-1";
  const domain = envRequired(
    env,
    "COGNITO_DOMAIN",
    "the hosted sign-in domain, e.g. myapp.auth.us-east-1.amazoncognito.com",
  );
  const pdp = envUrl(env, "PERMIT_PDP_URL", {}, "http://localhost:7766");
  return {
    host: envHost(env, "APP_HOST", "127.0.0.1"),
    port,
    publicUrl: envUrl(env, "APP_PUBLIC_URL", {}, `http://localhost:${port}`).replace(/\/+$/, ""),
    dataDir: resolve(env.TOLLGATE_DATA_DIR || ".tollgate"),
    databaseUrl: envUrl(env, "APP_DATABASE_URL", POSTGRES),
    cognito: {
      userPoolId,
      clientId: envRequired(env, "COGNITO_CLIENT_ID", "the app client id (a public client, no secret)"),
      region,
      domainUrl: /^https?:\/\//.test(domain) ? domain.replace(/\/+$/, "") : `https://${domain}`,
      issuer: envUrl(env, "COGNITO_ISSUER"),
      endpoint: envUrl(env, "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"),
      credentials:
        env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
          ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }
          : undefined,
    },
    permit: {
      token: envRequired(
        env,
        "PERMIT_API_KEY",
        "an environment-level Permit API key (or Tollgate's AUTHZ_API_KEY)",
      ),
      pdp,
      apiUrl: envUrl(env, "PERMIT_API_URL", {}, "https://api.permit.io"),
    },
    changeStreamUrl: envUrl(env, "TOLLGATE_CHANGES_URL"),
    mapping: groupRoleMapping(env),
    decisionTimeoutMs: decisionTimeoutMs(env),
    sessionRecheckMs: sessionRecheckMs(env),
  };
}
