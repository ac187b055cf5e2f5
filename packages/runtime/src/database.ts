/**
 * Opening a PostgreSQL database and bringing any service's schema up to date: one way for the three
 * services (SQLite opening is in sqlite.ts). Migrations are Kysely's, defined in code by each service.
 */
import { Kysely, type Migration, Migrator, PostgresDialect } from "kysely";
import pg from "pg";

// PostgreSQL returns BIGINT (change-log versions, counts) as strings; they fit in a double here.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** Whether `location` names a PostgreSQL database rather than a SQLite file. */
export const isPostgresUrl = (location: string): boolean => /^postgres(ql)?:\/\//.test(location);

/**
 * A Kysely on a PostgreSQL pool. A client that loses its server (a restart, an outage) must not crash
 * the process: idle clients report on the pool, checked-out ones on themselves; the query in flight
 * fails on its own and the caller answers 503.
 */
export function openPostgresKysely<DB>(url: string, options: { poolSize?: number } = {}): Kysely<DB> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Applies every migration not yet applied, in name order, under Kysely's migration lock (so replicas
 * starting together are safe). Throws naming the service and the failing migration.
 */
export async function migrateToLatest<DB>(
  db: Kysely<DB>,
  service: string,
  migrations: Record<string, Migration>,
): Promise<void> {
  const migrator = new Migrator({
    db: db as Kysely<unknown>,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error !== undefined || failed !== undefined) {
    const name = failed ? ` ${failed.migrationName}` : "";
    throw new Error(`${service} database migration${name} failed: ${String(error)}`, { cause: error });
  }
}
