import { openPostgresKysely } from "@tollgate/runtime";
import type { Kysely } from "kysely";
import { migrateAuthz } from "./migrations.ts";
import type { Database } from "./schema.ts";
import { createStore, type Store } from "./store.ts";

/**
 * Opens the PostgreSQL store at `url` (`postgres://...`), migrating it as needed. Replicas share one
 * database; the migration runs under Kysely's migration lock, so simultaneous starts are safe.
 */
export async function openPostgresStore(url: string, options: { poolSize?: number } = {}): Promise<Store> {
  const db = openPostgresKysely<Database>(url, options);
  await migrateAuthz(db as Kysely<unknown>, "postgres");
  return createStore(db, "postgres");
}
