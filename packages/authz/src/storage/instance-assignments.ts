import type { InstanceRoleAssignmentRecord } from "./records.ts";
import type { InstanceRoleAssignmentTable } from "./schema.ts";
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
  tenant?: readonly string[] | undefined;
  /** Only instances of this resource type. */
  resource?: string | undefined;
  resourceInstance?: string | undefined;
  page: number;
  perPage: number;
  /** Rows to skip, instead of whole pages (for paging after another list). */
  offset?: number | undefined;
}

export async function listInstanceAssignments(
  db: Db,
  q: InstanceAssignmentQuery,
): Promise<{ data: InstanceRoleAssignmentRecord[]; total: number }> {
  let query = db.selectFrom("instance_role_assignments");
  if (q.user?.length) query = query.where("user_key", "in", q.user);
  if (q.role?.length) query = query.where("role_key", "in", q.role);
  if (q.tenant?.length) query = query.where("tenant_key", "in", q.tenant);
  if (q.resource) {
    // `type:` ≤ id < `type;` (';' follows ':'): every instance of the type, no LIKE escaping.
    query = query
      .where("resource_instance", ">=", `${q.resource}:`)
      .where("resource_instance", "<", `${q.resource};`);
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
  const out: InstanceRoleAssignmentRecord[] = [];
  for (let i = 0; i < users.length; i += 500) {
    const rows = await db
      .selectFrom("instance_role_assignments")
      .selectAll()
      .where("user_key", "in", users.slice(i, i + 500))
      .orderBy("created_at")
      .execute();
    out.push(...rows.map(toRecord));
  }
  return out;
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
    resourcePrefix?: string;
    role?: string;
    tenant?: string;
  },
): Promise<string[]> {
  let sel = db.selectFrom("instance_role_assignments").select("user_key");
  let del = db.deleteFrom("instance_role_assignments");
  if (filter.user !== undefined) {
    sel = sel.where("user_key", "=", filter.user);
    del = del.where("user_key", "=", filter.user);
  }
  if (filter.resourceInstance !== undefined) {
    sel = sel.where("resource_instance", "=", filter.resourceInstance);
    del = del.where("resource_instance", "=", filter.resourceInstance);
  }
  if (filter.resourcePrefix !== undefined) {
    // `type:` ≤ id < `type;` (';' follows ':'): every instance of the type, no LIKE escaping.
    const from = `${filter.resourcePrefix}:`;
    const to = `${filter.resourcePrefix};`;
    sel = sel.where("resource_instance", ">=", from).where("resource_instance", "<", to);
    del = del.where("resource_instance", ">=", from).where("resource_instance", "<", to);
  }
  if (filter.role !== undefined) {
    sel = sel.where("role_key", "=", filter.role);
    del = del.where("role_key", "=", filter.role);
  }
  if (filter.tenant !== undefined) {
    sel = sel.where("tenant_key", "=", filter.tenant);
    del = del.where("tenant_key", "=", filter.tenant);
  }
  const users = [...new Set((await sel.execute()).map((r) => r.user_key))];
  await del.execute();
  return users;
}

export async function* streamInstanceAssignments(
  db: Db,
  batchSize: number,
): AsyncGenerator<InstanceRoleAssignmentRecord[]> {
  let after = "";
  for (;;) {
    const rows = await db
      .selectFrom("instance_role_assignments")
      .selectAll()
      .where("id", ">", after)
      .orderBy("id")
      .limit(batchSize)
      .execute();
    if (rows.length === 0) return;
    yield rows.map(toRecord);
    after = rows[rows.length - 1]!.id;
  }
}
