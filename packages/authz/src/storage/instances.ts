import { batchesOf } from "./batches.ts";
import { offsetOf, pageOf } from "./paging.ts";
import type { Page, ResourceInstanceRecord } from "./records.ts";
import type { ResourceInstanceTable } from "./schema.ts";
import { containsText, type Db, fromJson, type Store, toJson } from "./store.ts";

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
  /**
   * Any of these terms: an instance whose key contains the term (ignoring case, `%` and `_`
   * literal) or whose id is the term. Permit takes `search` repeated for several.
   */
  search?: readonly string[] | undefined;
  page: number;
  perPage: number;
}

/** One page of instances, oldest first, with the count of all that match. */
export async function listInstances(store: Store, q: InstanceQuery): Promise<Page<ResourceInstanceRecord>> {
  let query = store.db.selectFrom("resource_instances");
  if (q.tenant) query = query.where("tenant_key", "=", q.tenant);
  if (q.resource) query = query.where("resource_key", "=", q.resource);
  const terms = (q.search ?? []).filter((t) => t !== "");
  if (terms.length > 0) {
    query = query.where((eb) =>
      eb.or(terms.flatMap((t) => [containsText(store.dialect, "key", t), eb("id", "=", t)])),
    );
  }
  return pageOf(
    q,
    query.selectAll().orderBy("created_at").orderBy("id").limit(q.perPage).offset(offsetOf(q)).execute(),
    query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    toRecord,
  );
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

/**
 * The instances named by `type:key`, one query per resource type; for the few (a page's worth)
 * that a list's read models refer to. Missing ones are left out.
 */
export async function instancesByTypeKeys(
  db: Db,
  typeKeys: Iterable<string>,
): Promise<Map<string, ResourceInstanceRecord>> {
  const keysByType = new Map<string, string[]>();
  for (const id of new Set(typeKeys)) {
    const at = id.indexOf(":");
    if (at <= 0) continue;
    const keys = keysByType.get(id.slice(0, at)) ?? [];
    keys.push(id.slice(at + 1));
    keysByType.set(id.slice(0, at), keys);
  }
  const out = new Map<string, ResourceInstanceRecord>();
  for (const [resource, keys] of keysByType) {
    const rows = await db
      .selectFrom("resource_instances")
      .selectAll()
      .where("resource_key", "=", resource)
      .where("key", "in", keys)
      .execute();
    for (const row of rows) out.set(`${row.resource_key}:${row.key}`, toRecord(row));
  }
  return out;
}
