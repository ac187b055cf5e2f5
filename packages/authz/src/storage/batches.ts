/**
 * Reading and writing many rows in bounded statements: `in` lists in chunks (both dialects cap the
 * bound parameters of one statement: SQLite at 32 766, PostgreSQL at 65 535) and whole tables in
 * keyset-ordered batches (a snapshot load never holds a table's rows twice).
 */
import type { Selectable } from "kysely";
import type { Database } from "./schema.ts";
import type { Db } from "./store.ts";

/** How many values one `in (...)` list binds. */
export const IN_LIST_CHUNK = 500;

/** Runs `query` once per chunk of `values` and concatenates what it returns, in chunk order. */
export async function inChunks<V, R>(
  values: readonly V[],
  query: (chunk: V[]) => Promise<readonly R[]>,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < values.length; i += IN_LIST_CHUNK)
    out.push(...(await query(values.slice(i, i + IN_LIST_CHUNK))));
  return out;
}

/** The tables read whole in batches, and the unique text column each is walked by. */
type Walkable =
  | "users"
  | "role_assignments"
  | "resource_instances"
  | "relationship_tuples"
  | "instance_role_assignments";

/**
 * Every row of `table` in `cursor` order, `batchSize` rows at a time. Each batch starts after the
 * last one's final cursor value (keyset paging), so a batch costs the same however deep it is and
 * rows written meanwhile are neither repeated nor skipped before the cursor.
 */
export async function* batchesOf<T extends Walkable, R>(
  db: Db,
  table: T,
  cursor: "id" | "key",
  batchSize: number,
  toRecord: (row: Selectable<Database[T]>) => R,
): AsyncGenerator<R[]> {
  let after = "";
  for (;;) {
    // Typed as `users` (which has both `id` and `key`): Kysely cannot check a column against a table
    // named by a type parameter; every walkable table has the cursor column, text and unique.
    const rows = (await db
      .selectFrom(table as "users")
      .selectAll()
      .where(cursor, ">", after)
      .orderBy(cursor)
      .limit(batchSize)
      .execute()) as unknown as (Selectable<Database[T]> & Record<typeof cursor, string>)[];
    if (rows.length === 0) return;
    yield rows.map(toRecord);
    after = rows[rows.length - 1]![cursor];
  }
}
