import { offsetOf, pageOf } from "./paging.ts";
import type { Page, TenantRecord } from "./records.ts";
import type { TenantTable } from "./schema.ts";
import { containsText, type Db, fromJson, type Store, toJson } from "./store.ts";

function toRecord(row: TenantTable): TenantRecord {
  return { ...row, attributes: fromJson(row.attributes) };
}

export async function listTenants(
  store: Store,
  q: { search?: string | undefined; page: number; perPage: number },
): Promise<Page<TenantRecord>> {
  let query = store.db.selectFrom("tenants");
  if (q.search) {
    const search = q.search;
    const has = (column: string) => containsText(store.dialect, column, search);
    query = query.where((eb) => eb.or([has("key"), has("name")]));
  }
  return pageOf(
    q,
    query.selectAll().orderBy("created_at").orderBy("key").limit(q.perPage).offset(offsetOf(q)).execute(),
    query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    toRecord,
  );
}

export async function allTenants(db: Db): Promise<TenantRecord[]> {
  return (await db.selectFrom("tenants").selectAll().execute()).map(toRecord);
}

export async function getTenant(db: Db, keyOrId: string): Promise<TenantRecord | undefined> {
  const row = await db
    .selectFrom("tenants")
    .selectAll()
    .where((eb) => eb.or([eb("key", "=", keyOrId), eb("id", "=", keyOrId)]))
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function insertTenant(db: Db, t: TenantRecord): Promise<void> {
  await db
    .insertInto("tenants")
    .values({ ...t, attributes: toJson(t.attributes) })
    .execute();
}

/** Inserts unless a tenant with the key exists (concurrent replica starts). */
export async function insertTenantIfAbsent(db: Db, t: TenantRecord): Promise<void> {
  await db
    .insertInto("tenants")
    .values({ ...t, attributes: toJson(t.attributes) })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
}

export async function updateTenant(db: Db, t: TenantRecord): Promise<void> {
  const { id, ...rest } = t;
  await db
    .updateTable("tenants")
    .set({ ...rest, attributes: toJson(rest.attributes) })
    .where("id", "=", id)
    .execute();
}

export async function deleteTenant(db: Db, key: string): Promise<void> {
  await db.deleteFrom("role_assignments").where("tenant_key", "=", key).execute();
  await db.deleteFrom("tenants").where("key", "=", key).execute();
}
