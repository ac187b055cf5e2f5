import { dirname } from "node:path";
import SqliteDatabase from "better-sqlite3";
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from "kysely";
import { ensurePrivateDir, ensurePrivateFile, securePrivateDatabaseFiles } from "./private-files.ts";

/** How long a writer waits for another connection's write lock before giving up. */
export const BUSY_TIMEOUT_MS = 10_000;

/**
 * The one set of pragmas every Tollgate SQLite connection uses. WAL lets readers run beside the single
 * writer; NORMAL sync is durable across process crashes (not power loss), the usual trade for a service
 * database; foreign keys make deletes cascade; the busy timeout makes a writer wait for another
 * connection's (the audit worker's, another process's) write lock instead of failing.
 */
export function applyPragmas(sqlite: SqliteDatabase.Database): void {
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
}

/**
 * Opens a raw better-sqlite3 connection to `file` (or ":memory:"), with the data directory made 0700
 * and the database, `-wal` and `-shm` files 0600 (fixed on an existing directory too), and the pragmas
 * applied. For connections outside Kysely (a worker thread's).
 */
export function openSqliteConnection(file: string): SqliteDatabase.Database {
  if (file === ":memory:") {
    const sqlite = new SqliteDatabase(file);
    applyPragmas(sqlite);
    return sqlite;
  }
  ensurePrivateDir(dirname(file));
  ensurePrivateFile(file);
  const sqlite = new SqliteDatabase(file);
  applyPragmas(sqlite);
  securePrivateDatabaseFiles(file);
  return sqlite;
}

/**
 * Opens `file` as a Kysely database whose transactions take the write lock up front.
 *
 * A deferred transaction (`BEGIN`) that reads and then writes cannot wait for the lock: if another
 * connection commits between its read and its write, SQLite answers SQLITE_BUSY ("database is locked")
 * at once, whatever the busy timeout, because its snapshot is stale. `BEGIN IMMEDIATE` takes the write
 * lock before the first read, so it waits (up to the busy timeout) instead.
 *
 * @example
 * const db = openSqliteKysely<MyTables>(join(dataDir, "app.db"));
 * await db.transaction().execute(async (tx) => { ...read, then write... });
 */
export function openSqliteKysely<T>(file: string): Kysely<T> {
  return new Kysely<T>({ dialect: new ImmediateSqliteDialect({ database: openSqliteConnection(file) }) });
}

/** Kysely's SQLite dialect with `BEGIN IMMEDIATE` for every transaction. */
export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}
