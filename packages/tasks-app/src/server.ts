import { join, resolve } from "node:path";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import {
  createUserRemover,
  createUserSync,
  createVerifier,
  followPoolEvents,
  revocationCheck,
  type SessionCheck,
  SessionRevocations,
  type Subscription,
  sessionRecheck,
} from "@tollgate/cognito-permit";
import { jsonLogger } from "@tollgate/runtime";
import type { FastifyInstance } from "fastify";
import { Permit } from "permitio";
import { buildTasksApp } from "./app.ts";
import type { TasksAppConfig } from "./config.ts";
import { startOwnerBackfill } from "./fine-grained/owners.ts";
import { LiveHub } from "./live/hub.ts";
import { startPermissionFeed } from "./live/permission-feed.ts";
import type { AppContext } from "./routes/context.ts";
import { TasksStore } from "./storage/tasks-store.ts";

/** Where `vite build` puts the SPA. */
export const WEB_DIST = resolve(import.meta.dirname, "..", "dist", "web");

export interface RunningTasksApp {
  url: string;
  app: FastifyInstance;
  context: AppContext;
  close(): Promise<void>;
}

const poolCredentials = (config: TasksAppConfig) =>
  config.cognito.credentials ?? { accessKeyId: "local", secretAccessKey: "local" };

/** Wires the app's collaborators from its configuration. */
export async function createTasksContext(
  config: TasksAppConfig,
): Promise<
  AppContext & { feed: Subscription; poolEvents: Subscription | undefined; ownerBackfill: Subscription }
> {
  const store = await TasksStore.open(config.databaseUrl ?? join(config.dataDir, "tasks.db"));
  const permit = new Permit({
    token: config.permit.token,
    pdp: config.permit.pdp,
    apiUrl: config.permit.apiUrl,
    log: { level: "fatal" },
  });
  const cognito = new CognitoIdentityProviderClient({
    region: config.cognito.region,
    ...(config.cognito.endpoint && {
      endpoint: config.cognito.endpoint,
      // The local pool takes any key unless it was given its own; real Cognito uses the default chain.
      credentials: poolCredentials(config),
    }),
  });
  const tombstones = store.tombstones();
  const hub = new LiveHub();
  const verifier = createVerifier({
    userPoolId: config.cognito.userPoolId,
    clientId: config.cognito.clientId,
    tokenUse: "access",
    issuer: config.cognito.issuer,
  });
  const sync = createUserSync({ permit, mapping: config.mapping, tombstones });
  const removeUser = createUserRemover({
    cognito,
    userPoolId: config.cognito.userPoolId,
    permit,
    tombstones,
  });
  const feed = startPermissionFeed({
    hub,
    permit,
    changeStreamUrl: config.changeStreamUrl,
    apiKey: config.permit.token,
  });
  // Ending sessions: Tollgate's pool announces disabled, signed-out, reset and deleted users on its
  // event stream (followed here; their live streams close at once); real Cognito announces nothing,
  // so a session is re-checked with it at most every APP_SESSION_RECHECK_SECONDS.
  const revocations = new SessionRevocations();
  let sessions: SessionCheck;
  let poolEvents: Subscription | undefined;
  if (config.cognito.endpoint && config.cognito.issuer) {
    poolEvents = followPoolEvents({
      endpoint: config.cognito.endpoint,
      userPoolId: config.cognito.userPoolId,
      region: config.cognito.region,
      credentials: poolCredentials(config),
      revocations,
      // A deleted account is `removed` (the page says so), whoever deleted it and whichever of the
      // app's own removal and the pool's event reaches the user first; anything else ends sessions.
      onSessionsEnded: (event) =>
        void hub.disconnectUser(event.sub, event.type === "user.deleted" ? "removed" : "signed_out", {
          reason: event.type,
        }),
    });
    sessions = revocationCheck(revocations, cognito);
  } else {
    sessions = sessionRecheck({ cognito, revocations, intervalMs: config.sessionRecheckMs });
  }
  // Tasks from before per-task roles get their creator as owner (003_task_owners marks them).
  const ownerBackfill = startOwnerBackfill({ permit, store });
  return {
    config,
    verifier,
    sessions,
    permit,
    cognito,
    store,
    hub,
    sync,
    removeUser,
    feed,
    poolEvents,
    ownerBackfill,
  };
}

export async function startTasksApp(
  config: TasksAppConfig,
  options: { webDir?: string; logger?: boolean } = {},
): Promise<RunningTasksApp> {
  const context = await createTasksContext(config);
  const app = await buildTasksApp(context, {
    webDir: options.webDir ?? WEB_DIST,
    // JSON lines on stdout, like the other services; off for tests and embedded use.
    logger: options.logger ? jsonLogger("info") : false,
  });
  const address = await app.listen({ host: config.host, port: config.port });
  return {
    url: address.replace("127.0.0.1", "localhost"),
    app,
    context,
    async close() {
      context.feed.close();
      context.ownerBackfill.close();
      context.poolEvents?.close();
      context.hub.close();
      await app.close();
      await context.store.close();
      context.cognito.destroy();
    },
  };
}
