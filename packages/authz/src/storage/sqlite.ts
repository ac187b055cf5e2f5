import { openSqliteKysely } from "@tollgate/runtime";
import type { Kysely } from "kysely";
import { migrateAuthz } from "./migrations.ts";
import type { Database } from "./schema.ts";
import { createStore, type Store } from "./store.ts";

/**
 * Opens (creating and migrating as needed) the SQLite store at `file`, or in memory for ":memory:".
 * The runtime owns the pragmas, the owner-only file modes and the transactions that lock first.
 */
export async function openSqliteStore(file: string): Promise<Store> {
  const db = openSqliteKysely<Database>(file);
  await migrateAuthz(db as Kysely<unknown>, "sqlite");
  return createStore(db, "sqlite", file === ":memory:" ? undefined : file);
}
