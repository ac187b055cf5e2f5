import type { ClientRecord, ClientSettings } from "../domain/model.ts";
import type { Db } from "./database.ts";
import type { ClientsTable } from "./schema.ts";

function toRecord(row: ClientsTable): ClientRecord {
  return {
    id: row.id,
    poolId: row.pool_id,
    name: row.name,
    secret: row.secret,
    settings: JSON.parse(row.settings) as ClientSettings,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Persistence of app clients. Client ids are unique across pools, so the OAuth endpoints find a client by id alone. */
export class ClientsStore {
  constructor(private readonly db: Db) {}

  async insert(client: ClientRecord): Promise<void> {
    await this.db
      .insertInto("clients")
      .values({
        id: client.id,
        pool_id: client.poolId,
        name: client.name,
        secret: client.secret,
        settings: JSON.stringify(client.settings),
        created_at: client.createdAt,
        updated_at: client.updatedAt,
      })
      .execute();
  }

  async get(id: string): Promise<ClientRecord | undefined> {
    const row = await this.db.selectFrom("clients").selectAll().where("id", "=", id).executeTakeFirst();
    return row && toRecord(row);
  }

  async listByPool(poolId: string): Promise<ClientRecord[]> {
    const rows = await this.db
      .selectFrom("clients")
      .selectAll()
      .where("pool_id", "=", poolId)
      .orderBy("created_at")
      .orderBy("id")
      .execute();
    return rows.map(toRecord);
  }

  async update(client: ClientRecord): Promise<void> {
    await this.db
      .updateTable("clients")
      .set({ name: client.name, settings: JSON.stringify(client.settings), updated_at: client.updatedAt })
      .where("id", "=", client.id)
      .execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom("clients").where("id", "=", id).execute();
  }
}
