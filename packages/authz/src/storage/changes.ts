import { sql } from "kysely";
import type { Dialect } from "./migrations.ts";
import type { ChangeKind, ChangeRecord } from "./records.ts";
import { type Db, fromJson } from "./store.ts";

/** The channel replicas LISTEN on; the payload is the new version. */
export const CHANGE_CHANNEL = "tollgate_changes";
/** Advisory lock key that serialises writers, so versions are taken in commit order. */
const WRITE_LOCK = 776_601;

/**
 * Serialises writers across replicas for the rest of the transaction (PostgreSQL; SQLite has a
 * single writer already). Taken first, so a write's checks and its version both see every earlier
 * write, and versions become visible in order.
 */
export async function lockWrites(db: Db, dialect: Dialect): Promise<void> {
  if (dialect === "postgres") await sql`select pg_advisory_xact_lock(${WRITE_LOCK})`.execute(db);
}

/**
 * Appends to the versioned change log and returns the new version. Call inside the write's
 * transaction, after `lockWrites`. On PostgreSQL the notification is delivered at commit.
 */
export async function appendChange(
  db: Db,
  dialect: Dialect,
  kind: ChangeKind,
  keys: readonly string[],
  at: string,
): Promise<number> {
  const row = await db
    .insertInto("changes")
    .values({ kind, keys: JSON.stringify(keys), at })
    .returning("version")
    .executeTakeFirstOrThrow();
  const version = Number(row.version);
  if (dialect === "postgres") await sql`select pg_notify(${CHANGE_CHANNEL}, ${String(version)})`.execute(db);
  return version;
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
