import { batchesOf, inChunks } from "./batches.ts";
import { offsetOf, pageOf } from "./paging.ts";
import type { Page, RoleAssignmentRecord } from "./records.ts";
import type { RoleAssignmentTable } from "./schema.ts";
import type { Db } from "./store.ts";

function toRecord(row: RoleAssignmentTable): RoleAssignmentRecord {
  return {
    id: row.id,
    user: row.user_key,
    role: row.role_key,
    tenant: row.tenant_key,
    created_at: row.created_at,
  };
}

export interface AssignmentQuery {
  /** Each filter takes several values (Permit repeats the query key): any of them matches. */
  user?: readonly string[] | undefined;
  role?: readonly string[] | undefined;
  tenant?: readonly string[] | undefined;
  page: number;
  perPage: number;
}

export async function listAssignments(db: Db, q: AssignmentQuery): Promise<Page<RoleAssignmentRecord>> {
  let query = db.selectFrom("role_assignments");
  if (q.user?.length) query = query.where("user_key", "in", q.user);
  if (q.role?.length) query = query.where("role_key", "in", q.role);
  if (q.tenant?.length) query = query.where("tenant_key", "in", q.tenant);
  return pageOf(
    q,
    query.selectAll().orderBy("created_at").orderBy("id").limit(q.perPage).offset(offsetOf(q)).execute(),
    query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    toRecord,
  );
}

/** All assignments of the given users, in one query per chunk. */
export async function assignmentsOfUsers(db: Db, users: readonly string[]): Promise<RoleAssignmentRecord[]> {
  const rows = await inChunks(users, (chunk) =>
    db
      .selectFrom("role_assignments")
      .selectAll()
      .where("user_key", "in", chunk)
      .orderBy("created_at")
      .execute(),
  );
  return rows.map(toRecord);
}

export async function findAssignment(
  db: Db,
  a: { user: string; role: string; tenant: string },
): Promise<RoleAssignmentRecord | undefined> {
  const row = await db
    .selectFrom("role_assignments")
    .selectAll()
    .where("user_key", "=", a.user)
    .where("role_key", "=", a.role)
    .where("tenant_key", "=", a.tenant)
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function insertAssignment(db: Db, a: RoleAssignmentRecord): Promise<void> {
  await db
    .insertInto("role_assignments")
    .values({ id: a.id, user_key: a.user, role_key: a.role, tenant_key: a.tenant, created_at: a.created_at })
    .onConflict((oc) => oc.columns(["user_key", "role_key", "tenant_key"]).doNothing())
    .execute();
}

export async function deleteAssignment(
  db: Db,
  a: { user: string; role: string; tenant: string },
): Promise<number> {
  const result = await db
    .deleteFrom("role_assignments")
    .where("user_key", "=", a.user)
    .where("role_key", "=", a.role)
    .where("tenant_key", "=", a.tenant)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteAssignmentsOfRole(db: Db, role: string): Promise<void> {
  await db.deleteFrom("role_assignments").where("role_key", "=", role).execute();
}

export async function deleteUserFromTenant(db: Db, user: string, tenant: string): Promise<number> {
  const result = await db
    .deleteFrom("role_assignments")
    .where("user_key", "=", user)
    .where("tenant_key", "=", tenant)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Streams every assignment in id order, a batch at a time. */
export function streamAssignments(db: Db, batchSize = 10000): AsyncGenerator<RoleAssignmentRecord[]> {
  return batchesOf(db, "role_assignments", "id", batchSize, toRecord);
}
