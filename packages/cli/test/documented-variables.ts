/**
 * What each documented variable does, as data: the parser that reads it, a value to set, what the
 * parsed configuration must then hold, and a value the parser must refuse naming the variable. The
 * docs-match test holds the README, the user pool's README and every `--help` to this table, so a
 * variable cannot be documented without being checked against behaviour.
 */
import { resolve } from "node:path";
import { loadAuthzConfig } from "@tollgate/authz";
import { loadTasksAppConfig } from "@tollgate/tasks-app";
import { loadUserPoolConfig } from "@tollgate/user-pool";

type Env = Record<string, string>;

export interface VariableBehaviour {
  /** Parses `env` into the configuration the service runs with. */
  parse(env: Env): unknown;
  set: string;
  /** The part of the configuration the variable sets (compared with deepEqual). */
  read(config: unknown): unknown;
  expect: unknown;
  /** A value the parser refuses with a ConfigError naming the variable (absent: any string is valid). */
  invalid?: string;
  /** Other variables the check needs (the partner of a pair). */
  with?: Env;
}

/** What the tasks app needs before it parses anything else. */
const APP_BASE: Env = {
  COGNITO_USER_POOL_ID: "us-east-1_AbC123",
  COGNITO_CLIENT_ID: "client-1",
  COGNITO_DOMAIN: "auth.example.com",
  PERMIT_API_KEY: "permit_key_x",
};

// biome-ignore lint/suspicious/noExplicitAny: each row reads one field of its own service's config.
type Any = any;
const authz = (read: (c: Any) => unknown) => ({ parse: (env: Env) => loadAuthzConfig(env), read });
const pool = (read: (c: Any) => unknown) => ({ parse: (env: Env) => loadUserPoolConfig(env), read });
const app = (read: (c: Any) => unknown) => ({
  parse: (env: Env) => loadTasksAppConfig({ ...APP_BASE, ...env }),
  read,
});

export const BEHAVIOUR: Record<string, VariableBehaviour[]> = {
  AUTHZ_PORT: [{ ...authz((c) => c.port), set: "7001", expect: 7001, invalid: "seventy" }],
  AUTHZ_HOST: [
    { ...authz((c) => c.host), set: "0.0.0.0", expect: "0.0.0.0", invalid: "http://0.0.0.0:7766" },
  ],
  AUTHZ_API_KEY: [
    {
      ...authz((c) => c.apiKey),
      set: "permit_key_0123456789",
      expect: "permit_key_0123456789",
      invalid: "short",
    },
  ],
  AUTHZ_DATABASE_URL: [
    {
      ...authz((c) => c.databaseUrl),
      set: "postgres://u@db.example/authz",
      expect: "postgres://u@db.example/authz",
      invalid: "mysql://db.example/authz",
    },
  ],
  AUTHZ_LOG_LEVEL: [{ ...authz((c) => c.logLevel), set: "debug", expect: "debug", invalid: "loud" }],
  AUTHZ_WORKERS: [{ ...authz((c) => c.workers), set: "3", expect: 3, invalid: "0" }],
  TOLLGATE_DATA_DIR: [
    { ...authz((c) => c.dataDir), set: "/srv/tollgate", expect: "/srv/tollgate" },
    { ...pool((c) => c.dataDir), set: "/srv/tollgate", expect: "/srv/tollgate" },
    { ...app((c) => c.dataDir), set: "/srv/tollgate", expect: "/srv/tollgate" },
  ],
  USER_POOL_PORT: [{ ...pool((c) => c.port), set: "9300", expect: 9300, invalid: "65536" }],
  USER_POOL_HOST: [{ ...pool((c) => c.host), set: "::1", expect: "::1", invalid: "http://[::1]" }],
  USER_POOL_PUBLIC_URL: [
    {
      ...pool((c) => c.publicUrl),
      set: "https://auth.example.com/",
      expect: "https://auth.example.com",
      invalid: "auth.example.com",
    },
  ],
  USER_POOL_REGION: [{ ...pool((c) => c.region), set: "eu-west-1", expect: "eu-west-1", invalid: "mars" }],
  USER_POOL_SCRYPT_LOG2N: [{ ...pool((c) => c.scryptLog2N), set: "12", expect: 12, invalid: "30" }],
  USER_POOL_SHOW_CODES: [{ ...pool((c) => c.showCodes), set: "false", expect: false, invalid: "maybe" }],
  USER_POOL_SEED: [{ ...pool((c) => c.seedFile), set: "seed.json", expect: resolve("seed.json") }],
  USER_POOL_AWS_ACCESS_KEY_ID: [
    {
      ...pool((c) => c.iamCredentials),
      set: "AKIALOCAL",
      with: { USER_POOL_AWS_SECRET_ACCESS_KEY: "secret" },
      expect: { accessKeyId: "AKIALOCAL", secretAccessKey: "secret" },
    },
  ],
  USER_POOL_AWS_SECRET_ACCESS_KEY: [
    {
      ...pool((c) => c.iamCredentials),
      set: "secret",
      with: { USER_POOL_AWS_ACCESS_KEY_ID: "AKIALOCAL" },
      expect: { accessKeyId: "AKIALOCAL", secretAccessKey: "secret" },
    },
  ],
  USER_POOL_RATE_LIMIT_SIGN_IN: [{ ...pool((c) => c.rateLimits.signIn), set: "0", expect: 0, invalid: "-1" }],
  USER_POOL_RATE_LIMIT_SIGN_UP: [{ ...pool((c) => c.rateLimits.signUp), set: "5", expect: 5, invalid: "x" }],
  USER_POOL_RATE_LIMIT_TOKEN: [{ ...pool((c) => c.rateLimits.token), set: "7", expect: 7, invalid: "1.5" }],
  USER_POOL_RATE_LIMIT_ADMIN: [{ ...pool((c) => c.rateLimits.admin), set: "9", expect: 9, invalid: "lots" }],
  APP_PORT: [{ ...app((c) => c.port), set: "3100", expect: 3100, invalid: "3000.5" }],
  APP_HOST: [{ ...app((c) => c.host), set: "0.0.0.0", expect: "0.0.0.0", invalid: "0.0.0.0:3000" }],
  APP_PUBLIC_URL: [
    {
      ...app((c) => c.publicUrl),
      set: "https://tasks.example.com/",
      expect: "https://tasks.example.com",
      invalid: "tasks.example.com",
    },
  ],
  APP_DATABASE_URL: [
    {
      ...app((c) => c.databaseUrl),
      set: "postgresql://u@db.example/tasks",
      expect: "postgresql://u@db.example/tasks",
      invalid: "sqlite:///tasks.db",
    },
  ],
  APP_DEFAULT_ROLE: [
    { ...app((c) => c.mapping.defaultRole), set: "viewer", expect: "viewer", invalid: "a role" },
  ],
  APP_DECISION_TIMEOUT_MS: [{ ...app((c) => c.decisionTimeoutMs), set: "500", expect: 500, invalid: "0" }],
  APP_SESSION_RECHECK_SECONDS: [
    { ...app((c) => c.sessionRecheckMs), set: "30", expect: 30_000, invalid: "3601" },
  ],
  COGNITO_USER_POOL_ID: [
    { ...app((c) => c.cognito.userPoolId), set: "eu-west-1_Xyz", expect: "eu-west-1_Xyz" },
    // The region follows the pool id unless AWS_REGION says otherwise.
    { ...app((c) => c.cognito.region), set: "eu-west-1_Xyz", expect: "eu-west-1" },
  ],
  COGNITO_CLIENT_ID: [{ ...app((c) => c.cognito.clientId), set: "abc123", expect: "abc123" }],
  COGNITO_DOMAIN: [
    {
      ...app((c) => c.cognito.domainUrl),
      set: "myapp.auth.eu-west-1.amazoncognito.com",
      expect: "https://myapp.auth.eu-west-1.amazoncognito.com",
    },
    { ...app((c) => c.cognito.domainUrl), set: "http://localhost:9229/", expect: "http://localhost:9229" },
  ],
  COGNITO_ISSUER: [
    {
      ...app((c) => c.cognito.issuer),
      set: "http://localhost:9229/us-east-1_AbC123",
      expect: "http://localhost:9229/us-east-1_AbC123",
      invalid: "localhost:9229",
    },
  ],
  AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: [
    {
      ...app((c) => c.cognito.endpoint),
      set: "http://localhost:9229",
      expect: "http://localhost:9229",
      invalid: "localhost:9229",
    },
  ],
  AWS_REGION: [{ ...app((c) => c.cognito.region), set: "ap-south-1", expect: "ap-south-1" }],
  AWS_ACCESS_KEY_ID: [
    {
      ...app((c) => c.cognito.credentials),
      set: "AKIAX",
      with: { AWS_SECRET_ACCESS_KEY: "s" },
      expect: { accessKeyId: "AKIAX", secretAccessKey: "s" },
    },
  ],
  AWS_SECRET_ACCESS_KEY: [
    {
      ...app((c) => c.cognito.credentials),
      set: "s",
      with: { AWS_ACCESS_KEY_ID: "AKIAX" },
      expect: { accessKeyId: "AKIAX", secretAccessKey: "s" },
    },
  ],
  PERMIT_API_KEY: [{ ...app((c) => c.permit.token), set: "permit_key_abc", expect: "permit_key_abc" }],
  PERMIT_PDP_URL: [
    {
      ...app((c) => c.permit.pdp),
      set: "http://pdp.example:7000",
      expect: "http://pdp.example:7000",
      invalid: "pdp",
    },
  ],
  PERMIT_API_URL: [
    {
      ...app((c) => c.permit.apiUrl),
      set: "http://localhost:7766",
      expect: "http://localhost:7766",
      invalid: "api",
    },
  ],
  TOLLGATE_CHANGES_URL: [
    {
      ...app((c) => c.changeStreamUrl),
      set: "http://localhost:7766",
      expect: "http://localhost:7766",
      invalid: "x",
    },
  ],
};
