import { dirname } from "node:path";
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  UpdateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { loadAuthzConfig, type RunningAuthz, startAuthz } from "@tollgate/authz";
import { envString } from "@tollgate/runtime";
import {
  loadTasksAppConfig,
  type RunningTasksApp,
  startTasksApp,
  type TasksAppConfig,
} from "@tollgate/tasks-app";
import {
  loadUserPoolConfig,
  type RunningUserPool,
  startUserPool,
  type UserPoolConfig,
} from "@tollgate/user-pool";
import { Permit } from "permitio";
import { syncAllUsers } from "../users-sync.ts";
import { LOCAL_CLIENT_ID, LOCAL_POOL_ID, localSeed } from "./local-seed.ts";
import { applyPolicyAtStart } from "./policy-at-start.ts";
import { CONSOLE_WEB, ensureBuilt, TASKS_WEB } from "./vite-build.ts";

export interface LocalStackOptions {
  /**
   * The environment every service's own parser reads (default: process.env): AUTHZ_*, USER_POOL_*,
   * APP_* and TOLLGATE_DATA_DIR mean here what they mean for `tollgate authz`, `user-pool` and `app`.
   * The stack itself sets only what joins the services: the app's pool, client, issuer, PDP, key
   * and change stream.
   */
  env?: NodeJS.ProcessEnv;
  /** The policy file applied at start: on a fresh data dir, or when it changed since last applied. */
  policyFile: string;
  /** Overrides of the environment, for tests and benches (each writes its variable). */
  dataDir?: string;
  /** Every service's address to bind (AUTHZ_HOST, USER_POOL_HOST and APP_HOST). */
  host?: string;
  authzPort?: number;
  userPoolPort?: number;
  appPort?: number;
  apiKey?: string | undefined;
  /** PostgreSQL for the authorization service (AUTHZ_DATABASE_URL); SQLite in the data dir otherwise. */
  authzDatabaseUrl?: string | undefined;
  /** PostgreSQL for the tasks app (APP_DATABASE_URL); SQLite in the data dir otherwise. */
  appDatabaseUrl?: string | undefined;
  log?: (line: string) => void;
  /** Skip building the SPA (API-only tests). */
  skipSpaBuild?: boolean;
}

/** The options that override a variable, written into the environment the parsers read. */
export function stackEnvironment(options: LocalStackOptions): NodeJS.ProcessEnv {
  const overrides: Record<string, string | number | undefined> = {
    TOLLGATE_DATA_DIR: options.dataDir,
    AUTHZ_HOST: options.host,
    USER_POOL_HOST: options.host,
    APP_HOST: options.host,
    AUTHZ_PORT: options.authzPort,
    USER_POOL_PORT: options.userPoolPort,
    APP_PORT: options.appPort,
    AUTHZ_API_KEY: options.apiKey,
    AUTHZ_DATABASE_URL: options.authzDatabaseUrl,
    APP_DATABASE_URL: options.appDatabaseUrl,
  };
  const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env) };
  for (const [name, value] of Object.entries(overrides)) if (value !== undefined) env[name] = String(value);
  // Beside the stack's banner, authz's routine JSON lines (snapshot loaded, listening) are noise; its
  // warnings still show. AUTHZ_LOG_LEVEL set by the user wins, as for `tollgate authz`.
  env.AUTHZ_LOG_LEVEL ??= "warn";
  return env;
}

/**
 * What joins the app to the stack's pool and authorization service, as the variables `tollgate app`
 * reads. The app signs its admin calls with the pool's strict key pair when it has one, and with
 * dummy keys otherwise (never the operator's own AWS keys, which belong to real AWS).
 */
function appJoinVariables(
  pool: { publicUrl: string; url: string; iamCredentials: UserPoolConfig["iamCredentials"] },
  authz: { url: string; apiKey: string },
): NodeJS.ProcessEnv {
  return {
    COGNITO_USER_POOL_ID: LOCAL_POOL_ID,
    COGNITO_CLIENT_ID: LOCAL_CLIENT_ID,
    COGNITO_DOMAIN: pool.publicUrl,
    COGNITO_ISSUER: `${pool.publicUrl}/${LOCAL_POOL_ID}`,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: pool.url,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: pool.iamCredentials?.accessKeyId ?? "",
    AWS_SECRET_ACCESS_KEY: pool.iamCredentials?.secretAccessKey ?? "",
    PERMIT_API_KEY: authz.apiKey,
    PERMIT_PDP_URL: authz.url,
    PERMIT_API_URL: authz.url,
    TOLLGATE_CHANGES_URL: authz.url,
  };
}

export interface LocalStack {
  authz: RunningAuthz;
  userPool: RunningUserPool;
  app: RunningTasksApp;
  appConfig: TasksAppConfig;
  close(): Promise<void>;
}

/**
 * Starts the whole local stack in this process: authorization service, user pool (seeded with the
 * tasks app's client, groups and demo users), the policy from the policy file, every pool user
 * synced into the authorization service, and the tasks app. Each service is configured by its own
 * parser from the one environment, so a variable means the same here as for the service alone.
 * Re-running keeps all data.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const log = options.log ?? console.log;
  const env = stackEnvironment(options);
  // Every service's configuration is read before anything starts, so a bad variable starts nothing.
  const authzConfig = loadAuthzConfig(env);
  const userPoolConfig = loadUserPoolConfig(env);
  const placeholders = appJoinVariables(
    { publicUrl: "http://localhost", url: "http://localhost", iamCredentials: undefined },
    { url: "http://localhost", apiKey: "placeholder" },
  );
  const appPort = loadTasksAppConfig({ ...env, ...placeholders }).port;
  const dataDir = authzConfig.dataDir;
  if (!options.skipSpaBuild) {
    await ensureBuilt(TASKS_WEB, log);
    await ensureBuilt(CONSOLE_WEB, log);
  }
  const webDir = options.skipSpaBuild ? undefined : dirname(TASKS_WEB.index);
  const started: { close(): Promise<void> }[] = [];
  try {
    // In this process: AUTHZ_WORKERS is `tollgate authz`'s alone.
    const authz = await startAuthz({ ...authzConfig, workers: 1 });
    started.push(authz);

    // The app's callback must be known to seed the client; a port of 0 is fixed up once it is bound.
    const appPublicUrl = envString(env, "APP_PUBLIC_URL") ?? `http://localhost:${appPort}`;
    const userPool = await startUserPool(userPoolConfig, { seed: localSeed(appPublicUrl) });
    started.push(userPool);

    const permit = new Permit({
      token: authz.apiKey,
      pdp: authz.url,
      apiUrl: authz.url,
      log: { level: "fatal" },
    });
    await applyPolicyAtStart({ permit, policyFile: options.policyFile, dataDir, log });

    const appConfig = loadTasksAppConfig({
      ...env,
      ...appJoinVariables({ ...userPool, iamCredentials: userPoolConfig.iamCredentials }, authz),
    });
    const cognito = new CognitoIdentityProviderClient({
      region: appConfig.cognito.region,
      endpoint: userPool.url,
      credentials: appConfig.cognito.credentials ?? { accessKeyId: "local", secretAccessKey: "local" },
    });
    const synced = await syncAllUsers({
      cognito,
      userPoolId: LOCAL_POOL_ID,
      permit,
      mapping: appConfig.mapping,
    });
    if (synced.failed > 0)
      log(`warning: ${synced.failed} user(s) could not be synced: ${synced.failures[0]?.error}`);

    const app = await startTasksApp(appConfig, { ...(webDir && { webDir }) });
    started.push(app);

    // Keep the client's redirect URIs exact for the app's real port (port 0, or a changed port). The
    // default public URL is localhost whatever APP_HOST binds, as for the app alone (and Cognito
    // accepts plain http only for localhost).
    if (envString(env, "APP_PUBLIC_URL") === undefined)
      appConfig.publicUrl = `http://localhost:${new URL(app.url).port}`;
    const home = appConfig.publicUrl;
    const { UserPoolClient: c } = await cognito.send(
      new DescribeUserPoolClientCommand({ UserPoolId: LOCAL_POOL_ID, ClientId: LOCAL_CLIENT_ID }),
    );
    if (c?.CallbackURLs?.[0] !== `${home}/callback`) {
      await cognito.send(
        new UpdateUserPoolClientCommand({
          UserPoolId: LOCAL_POOL_ID,
          ClientId: LOCAL_CLIENT_ID,
          ClientName: c?.ClientName,
          ExplicitAuthFlows: c?.ExplicitAuthFlows,
          SupportedIdentityProviders: c?.SupportedIdentityProviders,
          AllowedOAuthFlows: c?.AllowedOAuthFlows,
          AllowedOAuthScopes: c?.AllowedOAuthScopes,
          AllowedOAuthFlowsUserPoolClient: c?.AllowedOAuthFlowsUserPoolClient,
          CallbackURLs: [`${home}/callback`],
          LogoutURLs: [`${home}/`],
        }),
      );
    }
    cognito.destroy();

    return {
      authz,
      userPool,
      app,
      appConfig,
      async close() {
        for (const s of started.reverse()) await s.close();
      },
    };
  } catch (err) {
    for (const s of started.reverse()) await s.close().catch(() => undefined);
    throw err;
  }
}
