import { batchesOf, inChunks } from "./batches.ts";
import { offsetOf, pageOf } from "./paging.ts";
import type { Page, UserRecord } from "./records.ts";
import type { UserTable } from "./schema.ts";
import { type Db, fromJson, matchesText, type Store, type TextMatch, toJson } from "./store.ts";

function toRecord(row: UserTable): UserRecord {
  return { ...row, attributes: fromJson(row.attributes) };
}

function toRow(u: UserRecord): UserTable {
  return { ...u, attributes: toJson(u.attributes) };
}

export interface UserQuery {
  /** Text matched against key, email and names. */
  search?: string | undefined;
  /** Where the text must sit: anywhere (the default), at the start or at the end. */
  match?: TextMatch | undefined;
  /**
   * Only users holding this role (in any tenant, or in `tenant` when given), as a tenant role or a
   * resource role on an instance. [uncertain: Permit may match tenant roles only.]
   */
  role?: string | undefined;
  /** Only users with no role assignment at all, on a tenant or on an instance. */
  withoutRoles?: boolean | undefined;
  /** Only members of this tenant: users holding some role in it, or on one of its instances. */
  tenant?: string | undefined;
  page: number;
  perPage: number;
}

/** One page of users, ordered by key (the unique index makes the first page cheap at any size). */
export async function listUsers(store: Store, q: UserQuery): Promise<Page<UserRecord>> {
  let query = store.db.selectFrom("users");
  if (q.search) {
    const search = q.search;
    const has = (column: string) => matchesText(store.dialect, column, search, q.match);
    query = query.where((eb) => eb.or([has("email"), has("key"), has("first_name"), has("last_name")]));
  }
  if (q.role || q.tenant) {
    const { role, tenant } = q;
    query = query.where((eb) =>
      eb.or([
        eb("key", "in", (sub) => {
          let s = sub.selectFrom("role_assignments").select("user_key");
          if (role) s = s.where("role_key", "=", role);
          if (tenant) s = s.where("tenant_key", "=", tenant);
          return s;
        }),
        eb("key", "in", (sub) => {
          let s = sub.selectFrom("instance_role_assignments").select("user_key");
          if (role) s = s.where("role_key", "=", role);
          if (tenant) s = s.where("tenant_key", "=", tenant);
          return s;
        }),
      ]),
    );
  }
  if (q.withoutRoles) {
    query = query
      .where("key", "not in", (sub) => sub.selectFrom("role_assignments").select("user_key"))
      .where("key", "not in", (sub) => sub.selectFrom("instance_role_assignments").select("user_key"));
  }
  return pageOf(
    q,
    query.selectAll().orderBy("key").limit(q.perPage).offset(offsetOf(q)).execute(),
    query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    toRecord,
  );
}

export async function getUser(db: Db, keyOrId: string): Promise<UserRecord | undefined> {
  const row = await db
    .selectFrom("users")
    .selectAll()
    .where((eb) => eb.or([eb("key", "=", keyOrId), eb("id", "=", keyOrId)]))
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function getUsersByKey(db: Db, keys: readonly string[]): Promise<UserRecord[]> {
  const rows = await inChunks(keys, (chunk) =>
    db.selectFrom("users").selectAll().where("key", "in", chunk).execute(),
  );
  return rows.map(toRecord);
}

export async function insertUser(db: Db, u: UserRecord): Promise<void> {
  await db.insertInto("users").values(toRow(u)).execute();
}

export async function updateUser(db: Db, u: UserRecord): Promise<void> {
  const { id, ...rest } = toRow(u);
  await db.updateTable("users").set(rest).where("id", "=", id).execute();
}

/** Deletes users and their role assignments. */
export async function deleteUsers(db: Db, keys: readonly string[]): Promise<void> {
  await inChunks(keys, async (chunk) => {
    await db.deleteFrom("role_assignments").where("user_key", "in", chunk).execute();
    await db.deleteFrom("users").where("key", "in", chunk).execute();
    return [];
  });
}

/** Streams every user in key order, a batch at a time (for loading a snapshot without holding rows twice). */
export function streamUsers(db: Db, batchSize = 5000): AsyncGenerator<UserRecord[]> {
  return batchesOf(db, "users", "key", batchSize, toRecord);
}
