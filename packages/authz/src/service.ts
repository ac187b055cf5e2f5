import { join } from "node:path";
import { PolicyEngine } from "@tollgate/policy";
import type { FastifyServerOptions } from "fastify";
import { AuditLog, type AuditLogOptions } from "./audit/audit-log.ts";
import { ChangeFeed } from "./changes/change-feed.ts";
import { buildAuthzApp } from "./http/app.ts";
import { ApiKeyRing } from "./http/auth.ts";
import type { Api } from "./http/plumbing.ts";
import { loadSnapshot } from "./service/apply-change.ts";
import type { AuthzCore, Scope } from "./service/context.ts";
import { newId } from "./service/ids.ts";
import { ensureDefaultTenant } from "./service/tenants.ts";
import { latestVersion } from "./storage/changes.ts";
import { getMeta, setMeta } from "./storage/meta.ts";
import { openSqliteStore } from "./storage/sqlite.ts";
import type { Store } from "./storage/store.ts";

export interface AuthzServiceOptions {
  /** An open store; or give `dataDir` to open `<dataDir>/authz.db`. */
  store?: Store;
  dataDir?: string;
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

/** The environment's ids, created once and kept in storage so they are stable across restarts. */
async function loadScope(store: Store): Promise<Scope> {
  const ids: Record<string, string> = {};
  for (const name of ["organization_id", "project_id", "environment_id"]) {
    let value = await getMeta(store.db, name);
    if (value === undefined) {
      value = newId();
      await setMeta(store.db, name, value);
    }
    ids[name] = value;
  }
  return {
    organization_id: ids.organization_id!,
    project_id: ids.project_id!,
    environment_id: ids.environment_id!,
    project_key: "default",
    environment_key: "production",
  };
}

/** Opens storage, loads the snapshot and builds the HTTP app; `listen` is the caller's. */
export async function createAuthzService(options: AuthzServiceOptions): Promise<AuthzService> {
  const store =
    options.store ??
    (await openSqliteStore(options.dataDir ? join(options.dataDir, "authz.db") : ":memory:"));
  const scope = await loadScope(store);
  await ensureDefaultTenant(store.db, new Date().toISOString());
  const engine = new PolicyEngine();
  const feed = new ChangeFeed();
  const version = await latestVersion(store.db);
  await loadSnapshot(engine, store.db);
  feed.advanceTo(version);
  const core: AuthzCore = { store, engine, feed, scope, now: () => new Date().toISOString() };
  const audit = new AuditLog(store, options.audit);
  const app = await buildAuthzApp({
    core,
    keys: new ApiKeyRing(options.apiKeys),
    audit,
    logger: options.logger,
    bodyLimit: options.bodyLimit,
  });
  return {
    app,
    core,
    audit,
    async close() {
      await app.close();
      await audit.close();
      await store.close();
    },
  };
}
