import { type Kysely, type RawBuilder, type SqlBool, sql, type Transaction } from "kysely";
import type { Dialect } from "./migrations.ts";
import type { Database } from "./schema.ts";

/** A query handle: the database itself or an open transaction. Every query function takes one. */
export type Db = Kysely<Database> | Transaction<Database>;

/**
 * A durable home for the policy. Decisions never read it (they come from the engine's snapshot);
 * it is the source of truth that snapshots are built from and that management reads page through.
 */
export interface Store {
  readonly dialect: Dialect;
  readonly db: Kysely<Database>;
  /** The SQLite file, when there is one (lets a worker thread open its own connection). */
  readonly sqliteFile?: string | undefined;
  /**
   * Runs `fn` in one write transaction: all of its writes land, or none do. It holds the write lock
   * from its first statement (SQLite: `BEGIN IMMEDIATE`, from the runtime's dialect), so a read
   * followed by a write waits for another writer (the audit worker) instead of failing as locked.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function createStore(db: Kysely<Database>, dialect: Dialect, sqliteFile?: string): Store {
  return {
    dialect,
    db,
    sqliteFile,
    transaction: (fn) => db.transaction().execute(fn),
    close: () => db.destroy(),
  };
}

export function toJson(value: unknown): string {
  return JSON.stringify(value ?? {});
}

export function fromJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

/** How a search term must sit in a column: Permit's `search_operator` values. */
export type TextMatch = "contains" | "startswith" | "endswith";

/**
 * `column` contains `text` (or starts or ends with it), ignoring case: `LIKE` on SQLite (already
 * case-insensitive for ASCII), `ILIKE` on PostgreSQL, with `%`, `_` and `\` in the text matched
 * literally.
 */
export function matchesText(
  dialect: Dialect,
  column: string,
  text: string,
  match: TextMatch = "contains",
): RawBuilder<SqlBool> {
  const literal = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  const pattern = `${match === "startswith" ? "" : "%"}${literal}${match === "endswith" ? "" : "%"}`;
  const op = sql.raw(dialect === "postgres" ? "ilike" : "like");
  return sql<SqlBool>`${sql.ref(column)} ${op} ${pattern} escape '\\'`;
}

/** `column` contains `text`, ignoring case, wildcards taken literally (see `matchesText`). */
export function containsText(dialect: Dialect, column: string, text: string): RawBuilder<SqlBool> {
  return matchesText(dialect, column, text, "contains");
}
