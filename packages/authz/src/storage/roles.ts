import type { RoleRecord } from "./records.ts";
import type { RoleTable } from "./schema.ts";
import { type Db, fromJson, toJson } from "./store.ts";

function toRecord(row: RoleTable): RoleRecord {
  return {
    ...row,
    permissions: fromJson(row.permissions),
    extends: fromJson(row.extends),
    attributes: fromJson(row.attributes),
  };
}

function toRow(r: RoleRecord): RoleTable {
  return {
    ...r,
    permissions: JSON.stringify(r.permissions),
    extends: JSON.stringify(r.extends),
    attributes: toJson(r.attributes),
  };
}

export async function listRoles(db: Db): Promise<RoleRecord[]> {
  const rows = await db.selectFrom("roles").selectAll().orderBy("created_at").orderBy("key").execute();
  return rows.map(toRecord);
}

export async function getRole(db: Db, keyOrId: string): Promise<RoleRecord | undefined> {
  const row = await db
    .selectFrom("roles")
    .selectAll()
    .where((eb) => eb.or([eb("key", "=", keyOrId), eb("id", "=", keyOrId)]))
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function insertRole(db: Db, r: RoleRecord): Promise<void> {
  await db.insertInto("roles").values(toRow(r)).execute();
}

export async function updateRole(db: Db, r: RoleRecord): Promise<void> {
  const { id, ...rest } = toRow(r);
  await db.updateTable("roles").set(rest).where("id", "=", id).execute();
}

export async function deleteRole(db: Db, key: string): Promise<void> {
  await db.deleteFrom("roles").where("key", "=", key).execute();
}
