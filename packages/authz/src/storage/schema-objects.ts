/**
 * Small schema objects stored as JSON documents: resource roles, relations and action groups
 * (scoped to a resource type), condition sets and set rules (scope ''). They are few, read whole
 * into the engine, and only ever looked up by key or id.
 */
import type { SchemaObjectKind, SchemaObjectRecord } from "./records.ts";
import type { SchemaObjectTable } from "./schema.ts";
import { type Db, fromJson, toJson } from "./store.ts";

function toRecord<T>(row: SchemaObjectTable): SchemaObjectRecord<T> {
  return { ...row, kind: row.kind as SchemaObjectKind, body: fromJson<T>(row.body) };
}

/** Every object of a kind, optionally of one scope, oldest first. */
export async function listSchemaObjects<T>(
  db: Db,
  kind: SchemaObjectKind,
  scope?: string,
): Promise<SchemaObjectRecord<T>[]> {
  let q = db.selectFrom("schema_objects").selectAll().where("kind", "=", kind);
  if (scope !== undefined) q = q.where("scope", "=", scope);
  const rows = await q.orderBy("created_at").orderBy("id").execute();
  return rows.map((r) => toRecord<T>(r));
}

/** By key or id within a scope. */
export async function getSchemaObject<T>(
  db: Db,
  kind: SchemaObjectKind,
  scope: string,
  keyOrId: string,
): Promise<SchemaObjectRecord<T> | undefined> {
  const row = await db
    .selectFrom("schema_objects")
    .selectAll()
    .where("kind", "=", kind)
    .where("scope", "=", scope)
    .where((eb) => eb.or([eb("key", "=", keyOrId), eb("id", "=", keyOrId)]))
    .executeTakeFirst();
  return row ? toRecord<T>(row) : undefined;
}

export async function insertSchemaObject<T>(db: Db, r: SchemaObjectRecord<T>): Promise<void> {
  await db
    .insertInto("schema_objects")
    .values({ ...r, body: toJson(r.body) })
    .execute();
}

export async function updateSchemaObject<T>(db: Db, r: SchemaObjectRecord<T>): Promise<void> {
  await db
    .updateTable("schema_objects")
    .set({ body: toJson(r.body), updated_at: r.updated_at })
    .where("id", "=", r.id)
    .execute();
}

export async function deleteSchemaObject(db: Db, id: string): Promise<void> {
  await db.deleteFrom("schema_objects").where("id", "=", id).execute();
}

/** Deletes every object owned by a resource type (its roles, relations, action groups). */
export async function deleteSchemaObjectsOfScope(db: Db, scope: string): Promise<void> {
  await db.deleteFrom("schema_objects").where("scope", "=", scope).where("scope", "!=", "").execute();
}
