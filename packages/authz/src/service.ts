import { join } from "node:path";
import { PolicyEngine } from "@tollgate/policy";
import type { FastifyServerOptions } from "fastify";
import { AuditLog, type AuditLogOptions } from "./audit/audit-log.ts";
import { ChangeFeed } from "./changes/change-feed.ts";
import { buildAuthzApp } from "./http/app.ts";
import { ApiKeyRing } from "./http/auth.ts";
import type { Api } from "./http/plumbing.ts";
import { loadSnapshot } from "./service/apply-change.ts";
import { listenForChanges } from "./service/change-listener.ts";
import type { AuthzCore, Scope } from "./service/context.ts";
import { newId } from "./service/ids.ts";
import { ensureBuiltInResources } from "./service/resources.ts";
import { SnapshotSync } from "./service/snapshot-sync.ts";
import { ensureDefaultTenant } from "./service/tenants.ts";
import { latestVersion } from "./storage/changes.ts";
import { getMeta, insertMetaIfAbsent } from "./storage/meta.ts";
import { openPostgresStore } from "./storage/postgres.ts";
import { openSqliteStore } from "./storage/sqlite.ts";
import type { Store } from "./storage/store.ts";

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => {
    done ??= fn();
    return done;
  };
}

export interface AuthzServiceOptions {
  /** An open store; or `databaseUrl` for PostgreSQL; or `dataDir` for `<dataDir>/authz.db` (SQLite). */
  store?: Store;
  databaseUrl?: string | undefined;
  dataDir?: string;
  /** Operational messages (snapshot loading progress, listener reconnects). */
  log?: (message: string) => void;
  apiKeys: string[];
  logger?: FastifyServerOptions["logger"];
  audit?: AuditLogOptions;
  bodyLimit?: number;
}

export interface AuthzService {
  app: Api;
  core: AuthzCore;
  audit: AuditLog;
  close(): Promise<void>;
}

/**
 * The environment's ids, created once and kept in storage so they are stable across restarts. The
 * first replica to start creates them; the others read what it wrote.
 */
async function loadScope(store: Store): Promise<Scope> {
  const ids: Record<string, string> = {};
  for (const name of ["organization_id", "project_id", "environment_id"]) {
    await insertMetaIfAbsent(store.db, name, newId());
    ids[name] = (await getMeta(store.db, name))!;
  }
  return {
    organization_id: ids.organization_id!,
    project_id: ids.project_id!,
    environment_id: ids.environment_id!,
    project_key: "default",
    environment_key: "production",
  };
}

/** Opens storage, loads the snapshot, follows the change log and builds the HTTP app; `listen` is the caller's. */
export async function createAuthzService(options: AuthzServiceOptions): Promise<AuthzService> {
  const store =
    options.store ??
    (options.databaseUrl
      ? await openPostgresStore(options.databaseUrl)
      : await openSqliteStore(options.dataDir ? join(options.dataDir, "authz.db") : ":memory:"));
  const log = options.log ?? (() => undefined);
  const scope = await loadScope(store);
  await ensureDefaultTenant(store.db, new Date().toISOString());
  await ensureBuiltInResources(store.db, new Date().toISOString());
  const engine = new PolicyEngine();
  const feed = new ChangeFeed();
  // The version is read before loading: whatever commits during the load is replayed after it.
  const version = await latestVersion(store.db);
  const started = Date.now();
  let lastReport = 0;
  await loadSnapshot(engine, store.db, (p) => {
    if (Date.now() - lastReport < 2000) return;
    lastReport = Date.now();
    log(`loading policy snapshot: ${p.users} users, ${p.assignments} role assignments`);
  });
  const stats = engine.stats();
  log(
    `policy snapshot loaded in ${Date.now() - started} ms at version ${version}: ${stats.users} users, ${stats.tenants} tenants, ${stats.roleAssignments} role assignments`,
  );
  const sync = new SnapshotSync(engine, store, feed, version);
  await sync.catchUp();
  const listener =
    store.dialect === "postgres" && options.databaseUrl
      ? listenForChanges(options.databaseUrl, sync, { log: (msg) => log(msg) })
      : undefined;
  const core: AuthzCore = { store, engine, feed, sync, scope, now: () => new Date().toISOString() };
  const audit = new AuditLog(store, options.audit);
  const app = await buildAuthzApp({
    core,
    keys: new ApiKeyRing(options.apiKeys),
    audit,
    logger: options.logger,
    bodyLimit: options.bodyLimit,
    // On PostgreSQL other replicas' writes arrive by notification: not ready while it is down.
    readiness: listener && {
      listener: () => (listener.connected ? undefined : "the change listener is disconnected; reconnecting"),
    },
  });
  return {
    app,
    core,
    audit,
    // Idempotent: a test or a signal handler may close a service that is already closing.
    close: once(async () => {
      await listener?.close();
      await app.close();
      await audit.close();
      await store.close();
    }),
  };
}
