/**
 * Storage contract, part 4: reading at scale. Every streamed table comes back whole, in cursor order,
 * in batches no larger than asked; a snapshot load over more rows than one batch builds the same
 * engine as the rows say; every paged list covers its rows exactly once, with counts.
 */
import assert from "node:assert/strict";
import { before, it } from "node:test";
import { PolicyEngine } from "@tollgate/policy";
import { loadSnapshot } from "../../src/service/apply-change.ts";
import * as ira from "../../src/storage/instance-assignments.ts";
import * as instances from "../../src/storage/instances.ts";
import * as resources from "../../src/storage/resources.ts";
import * as assignments from "../../src/storage/role-assignments.ts";
import * as roles from "../../src/storage/roles.ts";
import type { Db } from "../../src/storage/store.ts";
import * as tenants from "../../src/storage/tenants.ts";
import * as tuples from "../../src/storage/tuples.ts";
import * as users from "../../src/storage/users.ts";
import { forEachStore } from "./drivers.ts";
import { AT, LATER, resource, role, tenant } from "./records.ts";

// More than one of loadSnapshot's batches (20 000 users, 50 000 assignments).
const USERS = 21_000;
const ASSIGNMENTS = 51_000;
const INSTANCES = 1_200;
const TENANT_ROLES: [role: string, tenant: string][] = [
  ["viewer", "t0"],
  ["editor", "t0"],
  ["viewer", "t1"],
];
const userKey = (i: number) => `user-${String(i).padStart(6, "0")}`;

/** Multi-row inserts in bounded statements: seeding, not the write paths under test. */
async function insertRows<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
}

async function seed(db: Db): Promise<void> {
  await resources.insertResource(
    db,
    resource("doc", { actions: { read: { id: "read", created_at: AT, updated_at: AT } } }),
  );
  await roles.insertRole(db, role("viewer", { permissions: ["doc:read"] }));
  await roles.insertRole(db, role("editor", { permissions: ["doc:read"], extends: ["viewer"] }));
  for (const key of ["t0", "t1"]) await tenants.insertTenant(db, tenant(key));
  const userRows = Array.from({ length: USERS }, (_, i) => ({
    id: `u-${i}`,
    key: userKey(i),
    email: null,
    first_name: null,
    last_name: null,
    attributes: "{}",
    // Two timestamps, so lists ordered by creation must break ties by a unique column.
    created_at: i % 2 === 0 ? AT : LATER,
    updated_at: AT,
  }));
  await insertRows(userRows, (c) => db.insertInto("users").values(c).execute());
  const assignmentRows = Array.from({ length: ASSIGNMENTS }, (_, i) => {
    const [roleKey, tenantKey] = TENANT_ROLES[Math.floor(i / USERS)]!;
    const id = `a-${String(i).padStart(6, "0")}`;
    return { id, user_key: userKey(i % USERS), role_key: roleKey, tenant_key: tenantKey, created_at: AT };
  });
  await insertRows(assignmentRows, (c) => db.insertInto("role_assignments").values(c).execute());
  const instanceRows = Array.from({ length: INSTANCES }, (_, i) => ({
    id: `i-${String(i).padStart(5, "0")}`,
    resource_key: "doc",
    key: `d${i}`,
    tenant_key: `t${i % 2}`,
    attributes: "{}",
    created_at: AT,
    updated_at: AT,
  }));
  await insertRows(instanceRows, (c) => db.insertInto("resource_instances").values(c).execute());
  const tupleRows = Array.from({ length: INSTANCES - 1 }, (_, i) => ({
    id: `t-${String(i).padStart(5, "0")}`,
    subject: `doc:d${i}`,
    relation: "parent",
    object: `doc:d${i + 1}`,
    subject_type: "doc",
    object_type: "doc",
    tenant_key: `t${(i + 1) % 2}`,
    created_at: AT,
  }));
  await insertRows(tupleRows, (c) => db.insertInto("relationship_tuples").values(c).execute());
  const instanceAssignmentRows = Array.from({ length: INSTANCES }, (_, i) => ({
    id: `ia-${String(i).padStart(5, "0")}`,
    user_key: userKey(i),
    role_key: "owner",
    resource_instance: `doc:d${i}`,
    tenant_key: `t${i % 2}`,
    created_at: AT,
  }));
  await insertRows(instanceAssignmentRows, (c) =>
    db.insertInto("instance_role_assignments").values(c).execute(),
  );
}

/** Drains a stream, checking each batch's size; returns every record in stream order. */
async function drain<T>(stream: AsyncGenerator<T[]>, batchSize: number): Promise<T[]> {
  const out: T[] = [];
  let batches = 0;
  for await (const batch of stream) {
    assert.ok(batch.length > 0 && batch.length <= batchSize, `batch of ${batch.length}`);
    out.push(...batch);
    batches++;
  }
  assert.ok(batches >= 2, "more than one batch");
  return out;
}

function assertUniqueAndOrdered(values: string[], count: number, what: string): void {
  assert.equal(values.length, count, `${what}: every row`);
  assert.equal(new Set(values).size, count, `${what}: none twice`);
}

forEachStore("storage contract: streaming and paging", ({ opened, skip }) => {
  before(async () => {
    if (!skip) await opened().store.transaction((tx) => seed(tx));
  });

  it("streams every table whole, in batches, without repeats", { skip }, async () => {
    const { db } = opened().store;
    const streamedUsers = await drain(users.streamUsers(db, 4_000), 4_000);
    assertUniqueAndOrdered(
      streamedUsers.map((u) => u.key),
      USERS,
      "users",
    );
    const streamedAssignments = await drain(assignments.streamAssignments(db, 10_000), 10_000);
    assertUniqueAndOrdered(
      streamedAssignments.map((a) => a.id),
      ASSIGNMENTS,
      "role assignments",
    );
    const streamedInstances = await drain(instances.streamInstances(db, 500), 500);
    assertUniqueAndOrdered(
      streamedInstances.map((r) => r.id),
      INSTANCES,
      "instances",
    );
    const streamedTuples = await drain(tuples.streamTuples(db, 500), 500);
    assertUniqueAndOrdered(
      streamedTuples.map((t) => t.id),
      INSTANCES - 1,
      "tuples",
    );
    const streamedIra = await drain(ira.streamInstanceAssignments(db, 500), 500);
    assertUniqueAndOrdered(
      streamedIra.map((a) => a.id),
      INSTANCES,
      "instance role assignments",
    );
    assert.deepEqual(streamedIra[7], {
      id: "ia-00007",
      user: userKey(7),
      role: "owner",
      resource_instance: "doc:d7",
      tenant: "t1",
      created_at: AT,
    });
  });

  it("loads a snapshot larger than one batch into the engine", { skip }, async () => {
    const engine = new PolicyEngine();
    const progress: { users: number; assignments: number }[] = [];
    await loadSnapshot(engine, opened().store.db, (p) => progress.push(p));
    const stats = engine.stats();
    assert.equal(stats.users, USERS);
    assert.equal(stats.roleAssignments, ASSIGNMENTS);
    assert.equal(stats.instances, INSTANCES);
    assert.equal(stats.tuples, INSTANCES - 1);
    assert.equal(stats.instanceRoleAssignments, INSTANCES);
    assert.ok(progress.length >= 4, "progress is reported per batch");
    assert.deepEqual(progress.at(-1), { users: USERS, assignments: ASSIGNMENTS + INSTANCES });
    const input = {
      user: userKey((ASSIGNMENTS - 1) % USERS),
      action: "read",
      resource: { type: "doc", tenant: "t1" },
    };
    assert.equal(engine.check(input).allow, true, "the last assignment arrived");
  });

  it("pages users by key: every user once, with counts", { skip }, async () => {
    const { store } = opened();
    const perPage = 1_000;
    const seen: string[] = [];
    let pageCount = 0;
    for (let page = 1; ; page++) {
      const p = await users.listUsers(store, { page, perPage });
      assert.equal(p.total_count, USERS);
      pageCount = p.page_count;
      if (p.data.length === 0) break;
      seen.push(...p.data.map((u) => u.key));
    }
    assert.equal(pageCount, Math.ceil(USERS / perPage));
    assertUniqueAndOrdered(seen, USERS, "user pages");
    const inT1 = await users.listUsers(store, { tenant: "t1", page: 2, perPage: 100 });
    assert.equal(inT1.total_count, ASSIGNMENTS - 2 * USERS);
    const editors = await users.listUsers(store, { role: "editor", tenant: "t0", page: 1, perPage: 5 });
    assert.equal(editors.total_count, USERS);
  });

  it("pages assignments, instances, tuples and instance assignments without repeats", { skip }, async () => {
    const { db } = opened().store;
    const pagesOf = async (fetch: (page: number) => Promise<{ id: string }[]>) => {
      const ids: string[] = [];
      for (let page = 1; ; page++) {
        const rows = await fetch(page);
        if (rows.length === 0) return ids;
        ids.push(...rows.map((r) => r.id));
      }
    };
    const inT0 = await pagesOf(
      async (page) => (await assignments.listAssignments(db, { tenant: ["t0"], page, perPage: 2_500 })).data,
    );
    assertUniqueAndOrdered(inT0, 2 * USERS, "assignment pages");
    const docs = await pagesOf(
      async (page) =>
        (await instances.listInstances(opened().store, { resource: "doc", page, perPage: 70 })).data,
    );
    assertUniqueAndOrdered(docs, INSTANCES, "instance pages");
    const links = await pagesOf(
      async (page) => (await tuples.listTuples(db, { relation: "parent", page, perPage: 70 })).data,
    );
    assertUniqueAndOrdered(links, INSTANCES - 1, "tuple pages");
    const owners = await pagesOf(
      async (page) => (await ira.listInstanceAssignments(db, { role: ["owner"], page, perPage: 70 })).data,
    );
    assertUniqueAndOrdered(owners, INSTANCES, "instance assignment pages");
  });

  it("reads the assignments of many users at once, across in-list chunks", { skip }, async () => {
    const { db } = opened().store;
    const keys = Array.from({ length: 1_300 }, (_, i) => userKey(i));
    assert.equal((await assignments.assignmentsOfUsers(db, keys)).length, 3 * keys.length);
    assert.equal((await ira.instanceAssignmentsOfUsers(db, keys)).length, INSTANCES);
    assert.equal((await users.getUsersByKey(db, keys)).length, keys.length);
  });
});
