import type { ResourceRecord } from "./records.ts";
import type { ResourceTable } from "./schema.ts";
import { type Db, fromJson, toJson } from "./store.ts";

function toRecord(row: ResourceTable): ResourceRecord {
  return { ...row, actions: fromJson(row.actions), attributes: fromJson(row.attributes) };
}

function toRow(r: ResourceRecord): ResourceTable {
  return { ...r, actions: toJson(r.actions), attributes: toJson(r.attributes) };
}

export async function listResources(db: Db): Promise<ResourceRecord[]> {
  const rows = await db.selectFrom("resources").selectAll().orderBy("created_at").orderBy("key").execute();
  return rows.map(toRecord);
}

export async function getResource(db: Db, keyOrId: string): Promise<ResourceRecord | undefined> {
  const row = await db
    .selectFrom("resources")
    .selectAll()
    .where((eb) => eb.or([eb("key", "=", keyOrId), eb("id", "=", keyOrId)]))
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function insertResource(db: Db, r: ResourceRecord): Promise<void> {
  await db.insertInto("resources").values(toRow(r)).execute();
}

/** Inserts `r` unless a resource with its key exists: replicas starting together may both try. */
export async function insertResourceIfAbsent(db: Db, r: ResourceRecord): Promise<void> {
  await db
    .insertInto("resources")
    .values(toRow(r))
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
}

export async function updateResource(db: Db, r: ResourceRecord): Promise<void> {
  const { id, ...rest } = toRow(r);
  await db.updateTable("resources").set(rest).where("id", "=", id).execute();
}

export async function deleteResource(db: Db, key: string): Promise<void> {
  await db.deleteFrom("resources").where("key", "=", key).execute();
}
