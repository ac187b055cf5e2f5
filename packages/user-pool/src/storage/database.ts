import { migrateToLatest, openSqliteKysely } from "@tollgate/runtime";
import type { Kysely } from "kysely";
import { migrations } from "./migrations.ts";
import type { Database } from "./schema.ts";

/** The query layer every repository uses. */
export type Db = Kysely<Database>;

/**
 * Opens (creating if needed) the SQLite file and brings its schema up to date. The runtime owns the
 * pragmas (WAL, busy timeout, foreign keys so deletes cascade pool → users → memberships), the
 * owner-only modes of the directory and files (the signing keys live here), and transactions that
 * take the write lock first.
 */
export async function openDatabase(file: string): Promise<Db> {
  const db = openSqliteKysely<Database>(file);
  try {
    await migrateToLatest(db, "user-pool", migrations);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}
