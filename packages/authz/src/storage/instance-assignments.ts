import type { Expression, ExpressionBuilder, SqlBool } from "kysely";
import { batchesOf, inChunks } from "./batches.ts";
import type { ResourceRoleRef } from "./ids-to-keys.ts";
import type { InstanceRoleAssignmentRecord } from "./records.ts";
import type { Database, InstanceRoleAssignmentTable } from "./schema.ts";
import type { Db } from "./store.ts";

function toRecord(row: InstanceRoleAssignmentTable): InstanceRoleAssignmentRecord {
  return {
    id: row.id,
    user: row.user_key,
    role: row.role_key,
    resource_instance: row.resource_instance,
    tenant: row.tenant_key,
    created_at: row.created_at,
  };
}

export interface InstanceAssignmentQuery {
  /** Each filter takes several values (Permit repeats the query key): any of them matches. */
  user?: readonly string[] | undefined;
  role?: readonly string[] | undefined;
  /** More roles, each only on instances of its type (resource roles named by id): any matches. */
  roleOnResource?: readonly ResourceRoleRef[] | undefined;
  tenant?: readonly string[] | undefined;
  /** Only instances of this resource type. */
  resource?: string | undefined;
  resourceInstance?: string | undefined;
  page: number;
  perPage: number;
  /** Rows to skip, instead of whole pages (for paging after another list). */
  offset?: number | undefined;
}

/**
 * The assignment is on an instance of `resource`: an exact prefix test, not a `type:` ≤ id < `type;`
 * range (under a linguistic collation, a PostgreSQL database created with en_US or ICU, punctuation
 * sorts apart from byte order and the range misses rows), and not LIKE (SQLite's ignores case).
 */
function onType(eb: ExpressionBuilder<Database, "instance_role_assignments">, resource: string) {
  const prefix = `${resource}:`;
  return eb(eb.fn("substr", [eb.ref("resource_instance"), eb.lit(1), eb.val(prefix.length)]), "=", prefix);
}

export async function listInstanceAssignments(
  db: Db,
  q: InstanceAssignmentQuery,
): Promise<{ data: InstanceRoleAssignmentRecord[]; total: number }> {
  let query = db.selectFrom("instance_role_assignments");
  if (q.user?.length) query = query.where("user_key", "in", q.user);
  const { role = [], roleOnResource = [] } = q;
  if (role.length || roleOnResource.length) {
    query = query.where((eb) =>
      eb.or([
        ...(role.length ? [eb("role_key", "in", role)] : []),
        ...roleOnResource.map((r) => eb.and([eb("role_key", "=", r.role), onType(eb, r.resource)])),
      ]),
    );
  }
  if (q.tenant?.length) query = query.where("tenant_key", "in", q.tenant);
  if (q.resource) {
    const resource = q.resource;
    query = query.where((eb) => onType(eb, resource));
  }
  if (q.resourceInstance) query = query.where("resource_instance", "=", q.resourceInstance);
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      .orderBy("created_at")
      .orderBy("id")
      .limit(q.perPage)
      .offset(q.offset ?? (q.page - 1) * q.perPage)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { data: rows.map(toRecord), total: Number(count.n) };
}

export async function instanceAssignmentsOfUsers(
  db: Db,
  users: readonly string[],
): Promise<InstanceRoleAssignmentRecord[]> {
  const rows = await inChunks(users, (chunk) =>
    db
      .selectFrom("instance_role_assignments")
      .selectAll()
      .where("user_key", "in", chunk)
      .orderBy("created_at")
      .execute(),
  );
  return rows.map(toRecord);
}

export async function findInstanceAssignment(
  db: Db,
  a: { user: string; role: string; resource_instance: string },
): Promise<InstanceRoleAssignmentRecord | undefined> {
  const row = await db
    .selectFrom("instance_role_assignments")
    .selectAll()
    .where("user_key", "=", a.user)
    .where("role_key", "=", a.role)
    .where("resource_instance", "=", a.resource_instance)
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function insertInstanceAssignment(db: Db, a: InstanceRoleAssignmentRecord): Promise<void> {
  await db
    .insertInto("instance_role_assignments")
    .values({
      id: a.id,
      user_key: a.user,
      role_key: a.role,
      resource_instance: a.resource_instance,
      tenant_key: a.tenant,
      created_at: a.created_at,
    })
    .execute();
}

export async function deleteInstanceAssignmentRow(db: Db, id: string): Promise<void> {
  await db.deleteFrom("instance_role_assignments").where("id", "=", id).execute();
}

/** Deletes assignments matching the filter; returns the users whose assignments changed. */
export async function deleteInstanceAssignmentsWhere(
  db: Db,
  filter: {
    user?: string;
    resourceInstance?: string;
    /** Every instance of this resource type. */
    resourcePrefix?: string;
    role?: string;
    tenant?: string;
  },
): Promise<string[]> {
  const matches = (eb: ExpressionBuilder<Database, "instance_role_assignments">) => {
    const all: Expression<SqlBool>[] = [];
    if (filter.user !== undefined) all.push(eb("user_key", "=", filter.user));
    if (filter.resourceInstance !== undefined)
      all.push(eb("resource_instance", "=", filter.resourceInstance));
    if (filter.resourcePrefix !== undefined) all.push(onType(eb, filter.resourcePrefix));
    if (filter.role !== undefined) all.push(eb("role_key", "=", filter.role));
    if (filter.tenant !== undefined) all.push(eb("tenant_key", "=", filter.tenant));
    return eb.and(all);
  };
  const rows = await db.selectFrom("instance_role_assignments").select("user_key").where(matches).execute();
  await db.deleteFrom("instance_role_assignments").where(matches).execute();
  return [...new Set(rows.map((r) => r.user_key))];
}

export function streamInstanceAssignments(
  db: Db,
  batchSize: number,
): AsyncGenerator<InstanceRoleAssignmentRecord[]> {
  return batchesOf(db, "instance_role_assignments", "id", batchSize, toRecord);
}
