/**
 * The fine-grained model across `tollgate authz` processes on one PostgreSQL database: a ReBAC
 * write (instances, a tuple, an instance role assignment) and an ABAC write (condition set, set
 * rule) on one replica change the next checks on the other; removals do too.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestDatabase, PG_SKIP_REASON, pgAvailable } from "@tollgate/testkit/postgres";
import { type Replica, startReplicas } from "@tollgate/testkit/replica";

const skip = (await pgAvailable()) ? false : PG_SKIP_REASON;
if (skip) console.log(`# skipped replica model tests: ${skip}`);

async function ok(r: Replica, method: string, path: string, body?: unknown) {
  const res = await r.call(method, path, body);
  assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

/** Polls a replica until the check gives `want` (generous: the machine may be busy). */
async function until(r: Replica, request: unknown, want: boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await r.call("POST", "/allowed", request);
    if (res.body.allow === want) return;
    assert.ok(Date.now() < deadline, `the change did not reach ${r.url}: ${JSON.stringify(res.body)}`);
    await new Promise((res) => setTimeout(res, 20));
  }
}

describe("the fine-grained model on PostgreSQL replicas", { skip }, () => {
  let db: { url: string; drop(): Promise<void> };
  let replicas: Replica[] = [];
  let facts: string;
  let schema: string;

  before(async () => {
    if (skip) return;
    db = await createTestDatabase();
    replicas = await startReplicas(db.url, 2);
    const scope = (await replicas[0]!.call("GET", "/v2/api-key/scope")).body;
    facts = `/v2/facts/${scope.project_id}/${scope.environment_id}`;
    schema = `/v2/schema/${scope.project_id}/${scope.environment_id}`;
    const a = replicas[0]!;
    await ok(a, "POST", `${schema}/resources`, {
      key: "folder",
      name: "Folder",
      actions: { read: {}, edit: {} },
    });
    await ok(a, "POST", `${schema}/resources`, {
      key: "document",
      name: "Document",
      actions: { read: {}, edit: {} },
    });
    await ok(a, "POST", `${schema}/resources/document/relations`, {
      key: "parent",
      name: "Parent",
      subject_resource: "folder",
    });
    await ok(a, "POST", `${schema}/resources/folder/roles`, {
      key: "editor",
      name: "Editor",
      permissions: ["edit"],
    });
    await ok(a, "POST", `${schema}/resources/document/roles`, {
      key: "editor",
      name: "Editor",
      permissions: ["edit"],
      granted_to: {
        users_with_role: [{ role: "editor", on_resource: "folder", linked_by_relation: "parent" }],
      },
    });
    await ok(a, "POST", `${facts}/tenants`, { key: "acme", name: "Acme" });
    await ok(a, "PUT", `${facts}/users/ann`, { attributes: { dept: "eng" } });
  });
  after(async () => {
    for (const r of replicas) {
      if (r.child.exitCode !== null)
        console.log(`# replica ${r.url} exited (${r.child.exitCode}):\n${r.output().slice(-4000)}`);
      await r.kill();
    }
    await db?.drop();
  });

  it("a ReBAC write on one replica is seen by checks on the other, and so is its removal", async () => {
    const [a, b] = replicas as [Replica, Replica];
    const edit = {
      user: { key: "ann" },
      action: "edit",
      resource: { type: "document", key: "d1", tenant: "acme" },
    };
    await until(b, edit, false);
    // Auto-created instances, a tuple and an instance role assignment, all written on A.
    await ok(a, "POST", `${facts}/relationship_tuples`, {
      subject: "folder:f1",
      relation: "parent",
      object: "document:d1",
      tenant: "acme",
    });
    await ok(a, "POST", `${facts}/role_assignments`, {
      user: "ann",
      role: "editor",
      resource_instance: "folder:f1",
    });
    await until(b, edit, true);
    const explained = await b.call("POST", "/allowed", edit);
    assert.equal(explained.body.debug.path, "derived: folder:f1 → parent → document:d1");
    // Removed on B, seen on A.
    await ok(b, "DELETE", `${facts}/relationship_tuples`, {
      subject: "folder:f1",
      relation: "parent",
      object: "document:d1",
    });
    await until(a, edit, false);
  });

  it("an ABAC write on one replica is seen by checks on the other", async () => {
    const [a, b] = replicas as [Replica, Replica];
    const read = { user: { key: "ann" }, action: "read", resource: { type: "document", tenant: "acme" } };
    await until(b, read, false);
    await ok(a, "POST", `${schema}/condition_sets`, {
      key: "eng",
      name: "Eng",
      type: "userset",
      conditions: { allOf: [{ "user.dept": { equals: "eng" } }] },
    });
    await ok(a, "POST", `${facts}/set_rules`, {
      user_set: "eng",
      permission: "document:read",
      resource_set: "__autogen_document",
    });
    await until(b, read, true);
    await ok(a, "PATCH", `${facts}/users/ann`, { attributes: { dept: "ops" } });
    await until(b, read, false);
  });
});
