/**
 * Several `tollgate authz` processes on one PostgreSQL database: a write on one is seen by checks on
 * the others; a replica killed during writes catches up with nothing lost; a database outage under
 * load is survived; "at least version N" reads never return older data.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestDatabase, PG_ADMIN_URL, PG_SKIP_REASON, pgAvailable } from "@tollgate/testkit/postgres";
import { type Replica, startReplica, startReplicas } from "@tollgate/testkit/replica";
import pg from "pg";

const skip = (await pgAvailable()) ? false : PG_SKIP_REASON;
if (skip) console.log(`# skipped replica tests: ${skip}`);

const check = (r: Replica, user: string, headers: Record<string, string> = {}) =>
  r.call("POST", "/allowed", { user: { key: user }, action: "get", resource: { type: "task" } }, headers);

describe("replicas on PostgreSQL", { skip }, () => {
  let db: { url: string; drop(): Promise<void> };
  let replicas: Replica[] = [];
  let facts: string;

  before(async () => {
    if (skip) return;
    db = await createTestDatabase();
    replicas = await startReplicas(db.url, 3);
    const scope = (await replicas[0]!.call("GET", "/v2/api-key/scope")).body;
    const ids = new Set(
      await Promise.all(
        replicas.map(async (r) => (await r.call("GET", "/v2/api-key/scope")).body.project_id),
      ),
    );
    assert.equal(ids.size, 1, "all replicas agree on the environment");
    facts = `/v2/facts/${scope.project_id}/${scope.environment_id}`;
    const schema = `/v2/schema/${scope.project_id}/${scope.environment_id}`;
    const a = replicas[0]!;
    assert.equal(
      (await a.call("POST", `${schema}/resources`, { key: "task", name: "Task", actions: { get: {} } }))
        .status,
      201,
    );
    assert.equal(
      (await a.call("POST", `${schema}/roles`, { key: "viewer", name: "Viewer", permissions: ["task:get"] }))
        .status,
      201,
    );
  });
  after(async () => {
    for (const r of replicas) {
      if (r.child.exitCode !== null)
        console.log(`# replica ${r.url} exited (${r.child.exitCode}):\n${r.output().slice(-4000)}`);
      await r.kill();
    }
    await db?.drop();
  });

  it("a write on one replica is seen by checks on the others", async () => {
    const [a, b, c] = replicas as [Replica, Replica, Replica];
    await a.call("PUT", `${facts}/users/ann`, {});
    const write = await a.call("POST", `${facts}/role_assignments`, {
      user: "ann",
      role: "viewer",
      tenant: "default",
    });
    assert.equal(write.status, 201);
    for (const r of [b, c]) {
      // Propagation is a notification plus a catch-up read: fast when idle, but a loaded 2-core
      // machine can delay any process for seconds, so poll with a bound that only catches "never".
      const deadline = Date.now() + 20_000;
      while (!(await check(r, "ann")).body.allow) {
        assert.ok(Date.now() < deadline, `the change did not reach ${r.url} within 20 s`);
        await new Promise((res) => setTimeout(res, 10));
      }
      assert.ok((await check(r, "ann")).version >= write.version);
    }
  });

  it('"at least version N" reads never return older data', async () => {
    const [a, b] = replicas as [Replica, Replica, Replica];
    for (let i = 0; i < 60; i++) {
      const user = `rw${i}`;
      await a.call("PUT", `${facts}/users/${user}`, {});
      const write = await a.call("POST", `${facts}/role_assignments`, {
        user,
        role: "viewer",
        tenant: "default",
      });
      const read = await check(b, user, { "x-min-version": String(write.version) });
      assert.equal(read.status, 200);
      assert.equal(read.body.allow, true, `replica B answered from before version ${write.version}`);
      assert.ok(read.version >= write.version);
    }
    const future = await check(b, "ann", { "x-min-version": "999999", "x-wait-timeout": "0.2" });
    assert.equal(future.status, 424);
  });

  it("a replica killed during writes and restarted catches up with nothing lost", async () => {
    const [a, b] = replicas as [Replica, Replica, Replica];
    let killed = replicas[2]!;
    const writes = (async () => {
      for (let i = 0; i < 120; i++)
        await a.call("PUT", `${facts}/users/k${i}`, { email: `k${i}@example.com` });
    })();
    await new Promise((r) => setTimeout(r, 150));
    await killed.kill("SIGKILL");
    await writes;
    killed = await startReplica(db.url);
    replicas[2] = killed;
    const target = (await a.call("GET", `${facts}/users?per_page=1`)).version;
    const ready = await killed.call("GET", `${facts}/users?per_page=1`, undefined, {
      "x-min-version": String(target),
    });
    assert.equal(ready.status, 200);
    assert.equal(ready.body.total_count, (await b.call("GET", `${facts}/users?per_page=1`)).body.total_count);
    for (const user of ["k0", "k60", "k119"]) {
      assert.equal(
        (await check(killed, user)).body.debug.reason,
        "no_role_in_tenant",
        `${user} is known to the restarted replica`,
      );
    }
  });

  it("survives a database outage under load: replicas reconnect and converge", async () => {
    const [a] = replicas as [Replica, Replica, Replica];
    const name = new URL(db.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    let stop = false;
    let ok = 0;
    let failed = 0;
    const load = (async () => {
      for (let i = 0; !stop; i++) {
        const r = await a.call("PUT", `${facts}/users/load${i}`, {}).catch(() => ({ status: 0 }));
        if (r.status === 200 || r.status === 201) ok++;
        else failed++;
      }
    })();
    try {
      await new Promise((r) => setTimeout(r, 300));
      // The outage: refuse new connections and drop every open one (what a restart does to clients),
      // for a second, then let them back in.
      await admin.query(`alter database ${name} allow_connections false`);
      await admin.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
        [name],
      );
      await new Promise((r) => setTimeout(r, 1000));
      await admin.query(`alter database ${name} allow_connections true`);
      await new Promise((r) => setTimeout(r, 1500));
    } finally {
      stop = true;
      await load;
      await admin.end();
    }
    assert.ok(ok > 0 && failed >= 0);
    const after = await a.call("PUT", `${facts}/users/after-outage`, {});
    assert.ok(after.status === 200 || after.status === 201, `writes work again (got ${after.status})`);
    for (const r of replicas) {
      const res = await r.call("GET", `${facts}/users?per_page=1`, undefined, {
        "x-min-version": String(after.version),
      });
      assert.equal(res.status, 200, `replica ${r.url} converged`);
      assert.equal((await check(r, "after-outage")).body.debug.reason, "no_role_in_tenant");
      assert.equal((await fetch(`${r.url}/ready`)).status, 200);
    }
  });
});
