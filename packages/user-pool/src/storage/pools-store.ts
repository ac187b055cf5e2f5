import type { PoolRecord, PoolSettings } from "../domain/model.ts";
import type { Db } from "./database.ts";
import type { PoolsTable } from "./schema.ts";

function toRecord(row: PoolsTable): PoolRecord {
  return {
    id: row.id,
    name: row.name,
    settings: JSON.parse(row.settings) as PoolSettings,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Persistence of user pools. */
export class PoolsStore {
  constructor(private readonly db: Db) {}

  async insert(pool: PoolRecord): Promise<void> {
    await this.db
      .insertInto("pools")
      .values({
        id: pool.id,
        name: pool.name,
        settings: JSON.stringify(pool.settings),
        created_at: pool.createdAt,
        updated_at: pool.updatedAt,
      })
      .execute();
  }

  async get(id: string): Promise<PoolRecord | undefined> {
    const row = await this.db.selectFrom("pools").selectAll().where("id", "=", id).executeTakeFirst();
    return row && toRecord(row);
  }

  async list(): Promise<PoolRecord[]> {
    const rows = await this.db.selectFrom("pools").selectAll().orderBy("created_at").orderBy("id").execute();
    return rows.map(toRecord);
  }

  async update(pool: PoolRecord): Promise<void> {
    await this.db
      .updateTable("pools")
      .set({ name: pool.name, settings: JSON.stringify(pool.settings), updated_at: pool.updatedAt })
      .where("id", "=", pool.id)
      .execute();
  }

  /** Deleting a pool cascades to its clients, users, groups and sessions (foreign keys). */
  async delete(id: string): Promise<void> {
    await this.db.deleteFrom("pools").where("id", "=", id).execute();
  }
}
