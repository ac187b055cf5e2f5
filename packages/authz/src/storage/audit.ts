import type { AuditRecord, Page } from "./records.ts";
import type { Db } from "./store.ts";

export type NewAuditRecord = Omit<AuditRecord, "id">;

export async function insertAuditBatch(db: Db, batch: readonly NewAuditRecord[]): Promise<void> {
  // One multi-row insert per chunk keeps the flush to a few statements whatever the rate.
  for (let i = 0; i < batch.length; i += 200) {
    await db
      .insertInto("audit_log")
      .values(
        batch.slice(i, i + 200).map((r) => ({
          at: r.at,
          user_key: r.user,
          action: r.action,
          resource_type: r.resource_type,
          resource_key: r.resource_key,
          tenant: r.tenant,
          allow: r.allow ? 1 : 0,
          reason: r.reason,
        })),
      )
      .execute();
  }
}

export interface AuditQuery {
  user?: string | undefined;
  action?: string | undefined;
  resource?: string | undefined;
  tenant?: string | undefined;
  allowed?: boolean | undefined;
  /** Only entries with an id greater than this (for live tails). */
  afterId?: number | undefined;
  page: number;
  perPage: number;
}

/** Newest first. */
export async function queryAudit(db: Db, q: AuditQuery): Promise<Page<AuditRecord>> {
  let query = db.selectFrom("audit_log");
  if (q.user) query = query.where("user_key", "=", q.user);
  if (q.action) query = query.where("action", "=", q.action);
  if (q.resource) query = query.where("resource_type", "=", q.resource);
  if (q.tenant) query = query.where("tenant", "=", q.tenant);
  if (q.allowed !== undefined) query = query.where("allow", "=", q.allowed ? 1 : 0);
  if (q.afterId !== undefined) query = query.where("id", ">", q.afterId);
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      .orderBy("id", "desc")
      .limit(q.perPage)
      .offset((q.page - 1) * q.perPage)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  const total = Number(count.n);
  return {
    data: rows.map((r) => ({
      id: Number(r.id),
      at: r.at,
      user: r.user_key,
      action: r.action,
      resource_type: r.resource_type,
      resource_key: r.resource_key,
      tenant: r.tenant,
      allow: r.allow === 1,
      reason: r.reason,
    })),
    total_count: total,
    page_count: Math.ceil(total / q.perPage),
  };
}

/** Keeps the newest `keep` entries. */
export async function pruneAudit(db: Db, keep: number): Promise<void> {
  const cutoff = await db
    .selectFrom("audit_log")
    .select("id")
    .orderBy("id", "desc")
    .offset(keep)
    .limit(1)
    .executeTakeFirst();
  if (cutoff) await db.deleteFrom("audit_log").where("id", "<=", cutoff.id).execute();
}
