import { dirname } from "node:path";
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  UpdateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { type RunningAuthz, startAuthz } from "@tollgate/authz";
import {
  decisionTimeoutMs,
  groupRoleMapping,
  type RunningTasksApp,
  startTasksApp,
  type TasksAppConfig,
} from "@tollgate/tasks-app";
import { parseUserPoolConfig, type RunningUserPool, startUserPool } from "@tollgate/user-pool";
import { Permit } from "permitio";
import { syncAllUsers } from "../users-sync.ts";
import { LOCAL_CLIENT_ID, LOCAL_POOL_ID, localSeed } from "./local-seed.ts";
import { applyPolicyAtStart } from "./policy-at-start.ts";
import { CONSOLE_WEB, ensureBuilt, TASKS_WEB } from "./vite-build.ts";

export interface LocalStackOptions {
  dataDir: string;
  host?: string;
  authzPort?: number;
  userPoolPort?: number;
  appPort?: number;
  /** The policy file applied at start: on a fresh data dir, or when it changed since last applied. */
  policyFile: string;
  apiKey?: string | undefined;
  /** PostgreSQL for the authorization service (AUTHZ_DATABASE_URL); SQLite in the data dir otherwise. */
  authzDatabaseUrl?: string | undefined;
  /** PostgreSQL for the tasks app (APP_DATABASE_URL); SQLite in the data dir otherwise. */
  appDatabaseUrl?: string | undefined;
  log?: (line: string) => void;
  /** The environment the user pool's own settings are read from (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Skip building the SPA (API-only tests). */
  skipSpaBuild?: boolean;
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
 * synced into the authorization service, and the tasks app. Re-running keeps all data.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const log = options.log ?? console.log;
  const host = options.host ?? "127.0.0.1";
  if (!options.skipSpaBuild) {
    await ensureBuilt(TASKS_WEB, log);
    await ensureBuilt(CONSOLE_WEB, log);
  }
  const webDir = options.skipSpaBuild ? undefined : dirname(TASKS_WEB.index);
  const started: { close(): Promise<void> }[] = [];
  try {
    const authz = await startAuthz({
      host,
      port: options.authzPort ?? 7766,
      dataDir: options.dataDir,
      apiKey: options.apiKey,
      logLevel: "warn",
      databaseUrl: options.authzDatabaseUrl,
    });
    started.push(authz);

    // The app's port must be known for the client's callback URL; bind it first if it is 0.
    const appPort = options.appPort ?? 3000;
    const userPoolConfig = {
      // USER_POOL_PUBLIC_URL, USER_POOL_SCRYPT_LOG2N, ... still apply; place and ports are the stack's.
      ...parseUserPoolConfig(options.env ?? process.env),
      host,
      port: options.userPoolPort ?? 9229,
      dataDir: options.dataDir,
    };
    const userPool = await startUserPool(userPoolConfig, { seed: localSeed(`http://localhost:${appPort}`) });
    started.push(userPool);
    const issuer = `${userPool.publicUrl}/${LOCAL_POOL_ID}`;

    const permit = new Permit({
      token: authz.apiKey,
      pdp: authz.url,
      apiUrl: authz.url,
      log: { level: "fatal" },
    });
    await applyPolicyAtStart({ permit, policyFile: options.policyFile, dataDir: options.dataDir, log });

    // APP_DEFAULT_ROLE and APP_DECISION_TIMEOUT_MS work here as they do for the app alone.
    const env = options.env ?? process.env;
    const mapping = groupRoleMapping(env);
    const cognito = new CognitoIdentityProviderClient({
      region: "us-east-1",
      endpoint: userPool.url,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    const synced = await syncAllUsers({
      cognito,
      userPoolId: LOCAL_POOL_ID,
      permit,
      mapping,
    });
    if (synced.failed > 0)
      log(`warning: ${synced.failed} user(s) could not be synced: ${synced.failures[0]?.error}`);

    const appConfig: TasksAppConfig = {
      host,
      port: appPort,
      publicUrl: `http://localhost:${appPort}`,
      dataDir: options.dataDir,
      databaseUrl: options.appDatabaseUrl,
      cognito: {
        userPoolId: LOCAL_POOL_ID,
        clientId: LOCAL_CLIENT_ID,
        region: "us-east-1",
        domainUrl: userPool.publicUrl,
        issuer,
        endpoint: userPool.url,
      },
      permit: { token: authz.apiKey, pdp: authz.url, apiUrl: authz.url },
      changeStreamUrl: authz.url,
      mapping,
      decisionTimeoutMs: decisionTimeoutMs(env),
    };
    const app = await startTasksApp(appConfig, { ...(webDir && { webDir }) });
    started.push(app);

    // Keep the client's redirect URIs exact for the app's real address (port 0, or a changed port).
    appConfig.publicUrl = app.url;
    const { UserPoolClient: c } = await cognito.send(
      new DescribeUserPoolClientCommand({ UserPoolId: LOCAL_POOL_ID, ClientId: LOCAL_CLIENT_ID }),
    );
    if (c?.CallbackURLs?.[0] !== `${app.url}/callback`) {
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
          CallbackURLs: [`${app.url}/callback`],
          LogoutURLs: [`${app.url}/`],
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
