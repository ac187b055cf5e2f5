import { batchesOf } from "./batches.ts";
import type { ResourceInstanceRecord } from "./records.ts";
import type { ResourceInstanceTable } from "./schema.ts";
import { type Db, fromJson, toJson } from "./store.ts";

function toRecord(row: ResourceInstanceTable): ResourceInstanceRecord {
  return {
    id: row.id,
    resource: row.resource_key,
    key: row.key,
    tenant: row.tenant_key,
    attributes: fromJson(row.attributes),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export interface InstanceQuery {
  tenant?: string | undefined;
  resource?: string | undefined;
  page: number;
  perPage: number;
}

export async function listInstances(db: Db, q: InstanceQuery): Promise<ResourceInstanceRecord[]> {
  let query = db.selectFrom("resource_instances").selectAll();
  if (q.tenant) query = query.where("tenant_key", "=", q.tenant);
  if (q.resource) query = query.where("resource_key", "=", q.resource);
  const rows = await query
    .orderBy("created_at")
    .orderBy("id")
    .limit(q.perPage)
    .offset((q.page - 1) * q.perPage)
    .execute();
  return rows.map(toRecord);
}

/** By `type:key` or by id. */
export async function getInstance(db: Db, idOrTypeKey: string): Promise<ResourceInstanceRecord | undefined> {
  const at = idOrTypeKey.indexOf(":");
  const row =
    at > 0
      ? await db
          .selectFrom("resource_instances")
          .selectAll()
          .where("resource_key", "=", idOrTypeKey.slice(0, at))
          .where("key", "=", idOrTypeKey.slice(at + 1))
          .executeTakeFirst()
      : await db
          .selectFrom("resource_instances")
          .selectAll()
          .where("id", "=", idOrTypeKey)
          .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function insertInstance(db: Db, r: ResourceInstanceRecord): Promise<void> {
  await db
    .insertInto("resource_instances")
    .values({
      id: r.id,
      resource_key: r.resource,
      key: r.key,
      tenant_key: r.tenant,
      attributes: toJson(r.attributes),
      created_at: r.created_at,
      updated_at: r.updated_at,
    })
    .execute();
}

export async function updateInstanceAttributes(
  db: Db,
  id: string,
  attributes: unknown,
  at: string,
): Promise<void> {
  await db
    .updateTable("resource_instances")
    .set({ attributes: toJson(attributes), updated_at: at })
    .where("id", "=", id)
    .execute();
}

export async function deleteInstanceRow(db: Db, id: string): Promise<void> {
  await db.deleteFrom("resource_instances").where("id", "=", id).execute();
}

/** `type:key` of every instance of a resource type or in a tenant (for cascading deletes). */
export async function instanceIdsWhere(
  db: Db,
  filter: { resource?: string; tenant?: string },
): Promise<{ id: string; typeKey: string }[]> {
  let q = db.selectFrom("resource_instances").select(["id", "resource_key", "key"]);
  if (filter.resource !== undefined) q = q.where("resource_key", "=", filter.resource);
  if (filter.tenant !== undefined) q = q.where("tenant_key", "=", filter.tenant);
  return (await q.execute()).map((r) => ({ id: r.id, typeKey: `${r.resource_key}:${r.key}` }));
}

export function streamInstances(db: Db, batchSize: number): AsyncGenerator<ResourceInstanceRecord[]> {
  return batchesOf(db, "resource_instances", "id", batchSize, toRecord);
}

export async function getInstancesByTypeKey(
  db: Db,
  ids: readonly string[],
): Promise<ResourceInstanceRecord[]> {
  const out: ResourceInstanceRecord[] = [];
  for (const id of ids) {
    const r = await getInstance(db, id);
    if (r) out.push(r);
  }
  return out;
}
