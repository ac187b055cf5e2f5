import type SqliteDatabase from "better-sqlite3";
import type { AuditQuery } from "../storage/audit.ts";
import type { AuditRecord, Page } from "../storage/records.ts";

interface Row {
  id: number;
  at: number;
  user: string;
  action: string;
  resource_type: string;
  resource_key: string | null;
  tenant: string;
  allow: number;
  reason: string;
}

const COLUMNS = `d.id, d.at, u.text as user, a.text as action, t.text as resource_type,
  k.text as resource_key, n.text as tenant, d.allow, r.text as reason`;
const JOINS = `join audit_text u on u.id = d.user_id join audit_text a on a.id = d.action_id
  join audit_text t on t.id = d.type_id left join audit_text k on k.id = d.key_id
  join audit_text n on n.id = d.tenant_id join audit_text r on r.id = d.reason_id`;

/** The string filters and the integer column each one compares. */
const TEXT_FILTERS = [
  ["user", "user_id"],
  ["action", "action_id"],
  ["resource", "type_id"],
  ["tenant", "tenant_id"],
] as const;

const statements = new WeakMap<SqliteDatabase.Database, Map<string, SqliteDatabase.Statement>>();

function prepared(db: SqliteDatabase.Database, text: string): SqliteDatabase.Statement {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let s = cache.get(text);
  if (!s) {
    s = db.prepare(text);
    cache.set(text, s);
  }
  return s;
}

/**
 * The log in its own SQLite file, newest first, with the filters of `queryAudit`: a filter's string
 * is looked up once, then decisions are matched on its number (a string never recorded matches
 * nothing). Every worker of a cluster writes this file, so a live tail sees all their decisions.
 */
export function queryAuditFile(db: SqliteDatabase.Database, q: AuditQuery): Page<AuditRecord> {
  const where: string[] = [];
  const params: number[] = [];
  const textId = prepared(db, "select id from audit_text where text = ?");
  for (const [filter, column] of TEXT_FILTERS) {
    const text = q[filter];
    if (!text) continue;
    const found = textId.get(text) as { id: number } | undefined;
    if (found === undefined) return { data: [], total_count: 0, page_count: 0 };
    where.push(`d.${column} = ?`);
    params.push(found.id);
  }
  if (q.allowed !== undefined) {
    where.push("d.allow = ?");
    params.push(q.allowed ? 1 : 0);
  }
  if (q.afterId !== undefined) {
    where.push("d.id > ?");
    params.push(q.afterId);
  }
  const filter = where.length > 0 ? `where ${where.join(" and ")}` : "";
  const read = db.transaction(() => {
    const rows = prepared(
      db,
      `select ${COLUMNS} from audit_decision d ${JOINS} ${filter} order by d.id desc limit ? offset ?`,
    ).all(...params, q.perPage, (q.page - 1) * q.perPage) as Row[];
    const { n } = prepared(db, `select count(*) as n from audit_decision d ${filter}`).get(...params) as {
      n: number;
    };
    return { rows, n };
  });
  const { rows, n } = read();
  return {
    data: rows.map((r) => ({ ...r, at: new Date(r.at).toISOString(), allow: r.allow === 1 })),
    total_count: n,
    page_count: Math.ceil(n / q.perPage),
  };
}
