import type { ResourceServerRecord } from "../domain/model.ts";
import type { Db } from "./database.ts";

/** Persistence of resource servers (custom scopes `<identifier>/<scope>`). */
export class ResourceServersStore {
  constructor(private readonly db: Db) {}

  async upsert(rs: ResourceServerRecord, now: number): Promise<void> {
    await this.db
      .insertInto("resource_servers")
      .values({
        pool_id: rs.poolId,
        identifier: rs.identifier,
        name: rs.name,
        scopes: JSON.stringify(rs.scopes),
        created_at: now,
      })
      .onConflict((oc) =>
        oc
          .columns(["pool_id", "identifier"])
          .doUpdateSet({ name: rs.name, scopes: JSON.stringify(rs.scopes) }),
      )
      .execute();
  }

  async listByPool(poolId: string): Promise<ResourceServerRecord[]> {
    const rows = await this.db
      .selectFrom("resource_servers")
      .selectAll()
      .where("pool_id", "=", poolId)
      .orderBy("identifier")
      .execute();
    return rows.map((r) => ({
      poolId: r.pool_id,
      identifier: r.identifier,
      name: r.name,
      scopes: JSON.parse(r.scopes) as ResourceServerRecord["scopes"],
    }));
  }

  async delete(poolId: string, identifier: string): Promise<void> {
    await this.db
      .deleteFrom("resource_servers")
      .where("pool_id", "=", poolId)
      .where("identifier", "=", identifier)
      .execute();
  }
}
