import type { Db } from "./database.ts";

/** One stored account event; `id` is the stream's monotonic event id. */
export interface StoredAccountEvent {
  id: number;
  poolId: string;
  type: string;
  username: string;
  sub: string;
  at: number;
}

/** Persistence of account events (append, read after an id, prune). */
export class AccountEventsStore {
  constructor(private readonly db: Db) {}

  async append(e: Omit<StoredAccountEvent, "id">): Promise<number> {
    const row = await this.db
      .insertInto("account_events")
      .values({ pool_id: e.poolId, type: e.type, username: e.username, sub: e.sub, at: e.at })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** The pool's events with an id above `afterId`, oldest first. */
  async listAfter(poolId: string, afterId: number, limit = 500): Promise<StoredAccountEvent[]> {
    const rows = await this.db
      .selectFrom("account_events")
      .selectAll()
      .where("pool_id", "=", poolId)
      .where("id", ">", afterId)
      .orderBy("id")
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      poolId: r.pool_id,
      type: r.type,
      username: r.username,
      sub: r.sub,
      at: r.at,
    }));
  }

  /** The highest id handed out so far (0 when none), where a stream without a resume point starts. */
  async lastId(): Promise<number> {
    const row = await this.db
      .selectFrom("account_events")
      .select((eb) => eb.fn.max("id").as("id"))
      .executeTakeFirst();
    return Number(row?.id ?? 0);
  }

  async deleteOlderThan(at: number): Promise<void> {
    await this.db.deleteFrom("account_events").where("at", "<", at).execute();
  }
}
