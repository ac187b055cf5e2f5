import { chmodSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { Database } from "../storage/schema.ts";

/** The audit log's own SQLite file, beside the policy store's. */
export function auditFileFor(storeFile: string): string {
  return join(dirname(storeFile), "authz-audit.db");
}

/**
 * Opens the audit log's own database (creating it, and moving the rows an older version kept in the
 * policy store into it, the first time) and returns a connection for reading it. A file of its own
 * means the stream of decision inserts never holds the lock policy writes need, and the policy
 * store stays small.
 */
export function openAuditFile(storeFile: string): { file: string; reader: Kysely<Database> } {
  const file = auditFileFor(storeFile);
  const isNew = !existsSync(file);
  const db = new SqliteDatabase(file);
  // Decisions are as private as the policy: owner-only, like the store and the API key file.
  if (isNew) chmodSync(file, 0o600);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  db.prepare("attach database ? as policy").run(storeFile);
  // IMMEDIATE: workers of a cluster may open it at once; only one creates it and moves the old rows.
  const moved = db
    .transaction(() => {
      const exists = db.prepare("select 1 from main.sqlite_master where name = 'audit_log'").get();
      if (exists) return false;
      // A plain rowid key: AUTOINCREMENT's bookkeeping costs every insert, and ids still only grow
      // because pruning never deletes the newest row.
      db.exec(`create table main.audit_log (
        id integer primary key, at text not null, user_key text not null,
        action text not null, resource_type text not null, resource_key text, tenant text not null,
        allow integer not null, reason text not null)`);
      db.exec("create index main.audit_log_user on audit_log (user_key, id)");
      if (!db.prepare("select 1 from policy.sqlite_master where name = 'audit_log'").get()) return false;
      db.exec(`insert into main.audit_log (at, user_key, action, resource_type, resource_key, tenant, allow, reason)
        select at, user_key, action, resource_type, resource_key, tenant, allow, reason
        from policy.audit_log order by id`);
      return true;
    })
    .immediate();
  // The moved rows leave the policy store once they are safely here.
  if (moved) db.exec("delete from policy.audit_log");
  db.exec("detach database policy");
  return { file, reader: new Kysely<Database>({ dialect: new SqliteDialect({ database: db }) }) };
}
