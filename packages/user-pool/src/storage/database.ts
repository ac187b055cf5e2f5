import { openSqliteKysely } from "@tollgate/runtime";
import type { Kysely, Migration, MigrationProvider } from "kysely";
import { Migrator } from "kysely";
import { migrations } from "./migrations.ts";
import type { Database } from "./schema.ts";

/** The query layer every repository uses. */
export type Db = Kysely<Database>;

class InCodeMigrations implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

/**
 * Opens (creating if needed) the SQLite file and brings its schema up to date. The runtime owns the
 * pragmas (WAL, busy timeout, foreign keys so deletes cascade pool → users → memberships), the
 * owner-only modes of the directory and files (the signing keys live here), and transactions that
 * take the write lock first.
 */
export async function openDatabase(file: string): Promise<Db> {
  const db = openSqliteKysely<Database>(file);
  const { error, results } = await new Migrator({ db, provider: new InCodeMigrations() }).migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error !== undefined || failed !== undefined) {
    await db.destroy();
    throw new Error(`user-pool database migration failed${failed ? ` at ${failed.migrationName}` : ""}`, {
      cause: error,
    });
  }
  return db;
}
