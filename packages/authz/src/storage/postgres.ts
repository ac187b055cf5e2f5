import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { migrateToLatest } from "./migrations.ts";
import type { Database } from "./schema.ts";
import { createStore, type Store } from "./store.ts";

// Postgres returns BIGINT (the change-log version, counts) as strings; they fit in a double here.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/**
 * Opens the PostgreSQL store at `url` (`postgres://...`), migrating it as needed. Replicas share one
 * database; the migration runs under Kysely's migration lock, so simultaneous starts are safe.
 */
export async function openPostgresStore(url: string, options: { poolSize?: number } = {}): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // A client that loses its server (a restart, an outage) must not crash the process: idle clients
  // report on the pool, checked-out ones on themselves; the query in flight fails on its own.
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await migrateToLatest(db as Kysely<unknown>, "postgres");
  return createStore(db, "postgres");
}
