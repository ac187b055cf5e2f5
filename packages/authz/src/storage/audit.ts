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

/**
 * Keeps the newest `keep` entries. Ids are assigned in order, so the cutoff is `max(id) - keep`; the
 * old rows go in bounded chunks, so no single statement holds the database for long.
 */
export async function pruneAudit(db: Db, keep: number, chunk = 5000): Promise<number> {
  const bounds = await db
    .selectFrom("audit_log")
    .select((eb) => [eb.fn.min("id").as("lo"), eb.fn.max("id").as("hi")])
    .executeTakeFirst();
  if (!bounds || bounds.lo === null || bounds.hi === null) return 0;
  const cutoff = Number(bounds.hi) - keep;
  let removed = 0;
  for (let lo = Number(bounds.lo); lo <= cutoff; lo += chunk) {
    const result = await db
      .deleteFrom("audit_log")
      .where("id", ">=", lo)
      .where("id", "<", Math.min(lo + chunk, cutoff + 1))
      .executeTakeFirst();
    removed += Number(result.numDeletedRows);
  }
  return removed;
}
