/**
 * Permit's list filters name users, tenants and roles by key or by id. These read the keys behind
 * the ids among a filter's values (values that are no object's id add nothing).
 */
import { inChunks } from "./batches.ts";
import type { Db } from "./store.ts";

/** Keys of the users, tenants or tenant roles whose id is among `values`. */
export async function keysOfIds(
  db: Db,
  table: "users" | "tenants" | "roles",
  values: readonly string[],
): Promise<string[]> {
  const rows = await inChunks(values, (chunk) =>
    db.selectFrom(table).select("key").where("id", "in", chunk).execute(),
  );
  return rows.map((r) => r.key);
}

/** A resource role, named by its key and its resource type. */
export interface ResourceRoleRef {
  role: string;
  resource: string;
}

/** The resource roles whose id is among `values`: a resource role's key is unique only in its type. */
export async function resourceRolesOfIds(db: Db, values: readonly string[]): Promise<ResourceRoleRef[]> {
  const rows = await inChunks(values, (chunk) =>
    db
      .selectFrom("schema_objects")
      .select(["key", "scope"])
      .where("kind", "=", "resource_role")
      .where("id", "in", chunk)
      .execute(),
  );
  return rows.map((r) => ({ role: r.key, resource: r.scope }));
}
