import { chmodSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import SqliteDatabase from "better-sqlite3";

/** The audit log's own SQLite file, beside the policy store's. */
export function auditFileFor(storeFile: string): string {
  return join(dirname(storeFile), "authz-audit.db");
}

/**
 * The layout: every string once in `audit_text`, a decision a row of integers in `audit_decision`
 * (time in epoch ms). A row is a fifth the size of one holding the strings, so inserting it writes
 * fewer pages, and the user index holds integers. `audit_log` is a view with the columns and text
 * times the log always had, for anyone reading the file with `sqlite3`.
 */
const SCHEMA = `
  create table main.audit_text (id integer primary key, text text not null unique);
  create table main.audit_decision (
    id integer primary key, at integer not null, user_id integer not null, action_id integer not null,
    type_id integer not null, key_id integer, tenant_id integer not null, allow integer not null,
    reason_id integer not null);
  create index main.audit_decision_user on audit_decision (user_id);
  create view main.audit_log as
    select d.id, strftime('%Y-%m-%dT%H:%M:%fZ', d.at / 1000.0, 'unixepoch') as at, u.text as user_key,
      a.text as action, t.text as resource_type, k.text as resource_key, n.text as tenant, d.allow,
      r.text as reason
    from audit_decision d
      join audit_text u on u.id = d.user_id join audit_text a on a.id = d.action_id
      join audit_text t on t.id = d.type_id left join audit_text k on k.id = d.key_id
      join audit_text n on n.id = d.tenant_id join audit_text r on r.id = d.reason_id`;

/** Moves rows of the older text layout (`source`: a table with the `audit_log` columns) in, in order. */
function moveTextRows(db: SqliteDatabase.Database, source: string): void {
  db.exec(`insert or ignore into main.audit_text (text)
    select user_key from ${source} union select action from ${source}
    union select resource_type from ${source} union select resource_key from ${source} where resource_key is not null
    union select tenant from ${source} union select reason from ${source}`);
  const id = (column: string) => `(select id from main.audit_text where text = s.${column})`;
  db.exec(`insert into main.audit_decision
      (at, user_id, action_id, type_id, key_id, tenant_id, allow, reason_id)
    select cast(round((julianday(s.at) - 2440587.5) * 86400000) as integer), ${id("user_key")},
      ${id("action")}, ${id("resource_type")}, ${id("resource_key")}, ${id("tenant")}, s.allow, ${id("reason")}
    from ${source} s order by s.id`);
}

/**
 * Opens the audit log's own database (creating it, and moving in the rows older versions kept, the
 * first time) and returns a connection for reading it. A file of its own means the stream of
 * decision inserts never holds the lock policy writes need, and the policy store stays small.
 */
export function openAuditFile(storeFile: string): { file: string; reader: SqliteDatabase.Database } {
  const file = auditFileFor(storeFile);
  const isNew = !existsSync(file);
  const db = new SqliteDatabase(file);
  // Decisions are as private as the policy: owner-only, like the store and the API key file.
  if (isNew) chmodSync(file, 0o600);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  db.prepare("attach database ? as policy").run(storeFile);
  const has = (schema: string, name: string, type = "table") =>
    db.prepare(`select 1 from ${schema}.sqlite_master where name = ? and type = ?`).get(name, type) !==
    undefined;
  // IMMEDIATE: workers of a cluster may open it at once; only one creates it and moves the old rows.
  const moved = db
    .transaction(() => {
      if (has("main", "audit_decision")) return false;
      // The text layout of the previous version of this file.
      const older = has("main", "audit_log");
      if (older) db.exec("alter table main.audit_log rename to audit_log_text");
      db.exec(SCHEMA);
      if (older) {
        moveTextRows(db, "main.audit_log_text");
        db.exec("drop table main.audit_log_text");
      }
      // The versions before the file kept the log in the policy store.
      if (!has("policy", "audit_log")) return false;
      moveTextRows(db, "policy.audit_log");
      return true;
    })
    .immediate();
  // The moved rows leave the policy store once they are safely here.
  if (moved) db.exec("delete from policy.audit_log");
  db.exec("detach database policy");
  return { file, reader: db };
}
