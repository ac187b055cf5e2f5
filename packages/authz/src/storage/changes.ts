import type { ChangeKind, ChangeRecord } from "./records.ts";
import { type Db, fromJson } from "./store.ts";

/** Appends to the versioned change log and returns the new version. Call inside the write's transaction. */
export async function appendChange(
  db: Db,
  kind: ChangeKind,
  keys: readonly string[],
  at: string,
): Promise<number> {
  const row = await db
    .insertInto("changes")
    .values({ kind, keys: JSON.stringify(keys), at })
    .returning("version")
    .executeTakeFirstOrThrow();
  return Number(row.version);
}

export async function changesSince(db: Db, version: number, limit = 1000): Promise<ChangeRecord[]> {
  const rows = await db
    .selectFrom("changes")
    .selectAll()
    .where("version", ">", version)
    .orderBy("version")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    version: Number(r.version),
    kind: r.kind as ChangeKind,
    keys: fromJson(r.keys),
    at: r.at,
  }));
}

export async function latestVersion(db: Db): Promise<number> {
  const row = await db
    .selectFrom("changes")
    .select((eb) => eb.fn.max("version").as("v"))
    .executeTakeFirst();
  return Number(row?.v ?? 0);
}
