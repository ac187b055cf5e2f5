/**
 * The bad-input proof: thousands of malformed or hostile requests across every route of the
 * authorization service. None may produce a 5xx, a hang or a crash; every error must be JSON in
 * Permit's shape (422s with a `detail` array); the PDP must answer questions about unknown things
 * with a 200 denial; and the stored policy must be exactly as it was before the barrage.
 *
 * Deterministic: the requests are drawn from a seeded PRNG. The seed is printed; replay another
 * with `FUZZ_SEED=<n> node scripts/run-tests.mjs packages/authz/test/fuzz.test.ts`.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { startTestAuthz, TEST_API_KEY, type TestAuthz } from "@tollgate/testkit/authz";
import { buildBarrage } from "./fuzz/cases.ts";
import { closeClient } from "./fuzz/client.ts";
import { describe as describeVerdict, runBarrage, type Verdict } from "./fuzz/judge.ts";
import { fuzzSeed, Prng } from "./fuzz/prng.ts";
import { openApiRoutes, ROUTES, registeredRoutes, routeId } from "./fuzz/routes.ts";
import { prototypeFingerprint, setupPolicy, snapshotApi, snapshotDb, snapshotEngine } from "./fuzz/state.ts";

const MIN_REQUESTS = 2000;
const CONCURRENCY = 8;
const seed = fuzzSeed();
console.log(`fuzz: seed ${seed} (FUZZ_SEED=${seed} replays this barrage)`);

describe(`the service under a barrage of bad requests (seed ${seed})`, () => {
  let t: TestAuthz;
  let openapi: { paths: Record<string, Record<string, unknown>> };
  let beforeApi: Record<string, unknown>;
  let beforeDb: ReturnType<typeof snapshotDb>;
  let beforeEngine: ReturnType<typeof snapshotEngine>;
  let beforeVersion: number;
  let beforePrototypes: string[];
  let verdicts: Verdict[] = [];

  before(async () => {
    t = await startTestAuthz();
    await setupPolicy(t);
    openapi = (await t.http("GET", "/openapi.json")).body;
    await t.service.audit.flush();
    beforeApi = await snapshotApi(t);
    beforeDb = snapshotDb(t.dataDir);
    beforeEngine = snapshotEngine(t.service.core.engine);
    beforeVersion = t.service.core.feed.version;
    beforePrototypes = prototypeFingerprint();
  });

  after(async () => {
    closeClient();
    await t?.close();
  });

  it("fuzzes every route the service registers", () => {
    const listed = new Set(ROUTES.map((r) => routeId(r.method, r.path)));
    assert.equal(listed.size, ROUTES.length, "a route is listed twice");
    // The policy console's static files (served when it has been built) are not API routes.
    const isConsoleFile = (id: string) => /^GET \/(index\.html|favicon\.\w+|assets\/.*)?$/.test(id);
    const registered = [...registeredRoutes(t.service.app.printRoutes({ commonPrefix: false }))].filter(
      (id) => !isConsoleFile(id),
    );
    assert.deepEqual(registered.sort(), [...listed].sort(), "the router's routes differ from the fuzz list");
    const documented = openApiRoutes(openapi);
    const hidden = new Set(["GET /openapi.json", "GET /metrics"]);
    assert.deepEqual(
      [...documented].sort(),
      [...listed].filter((r) => !hidden.has(r)).sort(),
      "the OpenAPI document's routes differ from the fuzz list",
    );
    for (const r of ROUTES) {
      const url = r.path.replace(/:([a-z_]+)/g, "x");
      assert.ok(t.service.app.hasRoute({ method: r.method, url: r.path }), `no route ${r.method} ${url}`);
    }
  });

  it(`rejects at least ${MIN_REQUESTS} malformed or hostile requests cleanly`, async (ctx) => {
    const url = new URL(t.url);
    const requests = buildBarrage({
      rng: new Prng(seed),
      apiKey: TEST_API_KEY,
      host: url.hostname,
      port: Number(url.port),
      scope: t.service.core.scope,
      openapi,
    });
    assert.ok(requests.length >= MIN_REQUESTS, `only ${requests.length} requests generated`);

    const started = performance.now();
    verdicts = await runBarrage(
      { host: url.hostname, port: Number(url.port), apiKey: TEST_API_KEY },
      requests,
      CONCURRENCY,
    );
    const seconds = (performance.now() - started) / 1000;

    const byCategory = new Map<string, number>();
    const byStatus = new Map<number, number>();
    for (const v of verdicts) {
      byCategory.set(v.req.category, (byCategory.get(v.req.category) ?? 0) + 1);
      byStatus.set(v.res.status, (byStatus.get(v.res.status) ?? 0) + 1);
    }
    const routesHit = new Set(verdicts.map((v) => v.req.label.split(":")[0]));
    ctx.diagnostic(
      `${verdicts.length} requests in ${seconds.toFixed(1)} s, ${routesHit.size} distinct route labels`,
    );
    ctx.diagnostic(
      `by category: ${[...byCategory]
        .sort((a, b) => b[1] - a[1])
        .map(([c, n]) => `${c} ${n}`)
        .join(", ")}`,
    );
    ctx.diagnostic(
      `by status: ${[...byStatus]
        .sort((a, b) => a[0] - b[0])
        .map(([s, n]) => `${s}×${n}`)
        .join(", ")}`,
    );

    const failed = verdicts.filter((v) => v.problems.length > 0);
    // FUZZ_REPORT=<file> writes every failing request, not just the first 40.
    if (process.env.FUZZ_REPORT)
      writeFileSync(process.env.FUZZ_REPORT, failed.map(describeVerdict).join("\n\n"));
    if (failed.length > 0) {
      const shown = failed.slice(0, 40).map(describeVerdict).join("\n");
      assert.fail(
        `${failed.length} of ${verdicts.length} requests answered wrongly (seed ${seed}):\n${shown}`,
      );
    }
    // Every route got bad requests of its own (health probes and docs only get wrong methods).
    for (const r of ROUTES) {
      const prefix = `${r.method} ${r.path}`;
      if (r.auth === "none") continue;
      assert.ok(
        verdicts.some((v) => v.req.label.startsWith(`${prefix}:`)),
        `no bad request was aimed at ${prefix}`,
      );
    }
  });

  it("stays up: health answers and a normal SDK call works", async () => {
    const health = await t.http("GET", "/health");
    assert.equal(health.status, 200);
    assert.equal(health.body.status, "ok");
    assert.equal(await t.permit.check("alice", "get", "task"), true);
    assert.equal(await t.permit.check("carol", "delete", { type: "task", tenant: "acme" }), false);
    const bob = await t.permit.api.users.get("bob");
    assert.equal(bob.key, "bob");
    assert.deepEqual(
      (await t.permit.api.tenants.list()).map((x) => x.key),
      ["default", "acme", "globex", "initech"],
    );
  });

  it("leaves the stored policy exactly as it was", async () => {
    assert.ok(verdicts.length > 0, "the barrage did not run");
    assert.equal(t.service.core.feed.version, beforeVersion, "a rejected request committed a change");
    assert.deepEqual(await snapshotApi(t), beforeApi, "the API shows a different policy");
    await t.service.audit.flush();
    const db = snapshotDb(t.dataDir);
    assert.deepEqual(db.tables, beforeDb.tables, "the SQLite file holds different rows");
    assert.ok(db.auditRows > beforeDb.auditRows, "PDP denials should have been audited");
    assert.deepEqual(snapshotEngine(t.service.core.engine), beforeEngine, "the engine decides differently");
    assert.deepEqual(prototypeFingerprint(), beforePrototypes, "a built-in prototype was polluted");
    assert.equal(({} as Record<string, unknown>).isAdmin, undefined);
  });
});

describe("what the barrage found, checked from the valid side", () => {
  let t: TestAuthz;
  before(async () => {
    t = await startTestAuthz();
    await setupPolicy(t);
  });
  after(() => t?.close());

  it("treats keys named after Object.prototype members as ordinary action and attribute keys", async () => {
    const S = t.schema;
    for (const key of ["__proto__", "constructor", "toString"]) {
      assert.equal((await t.http("GET", `${S}/resources/task/actions/${key}`)).status, 404);
      assert.equal(
        (await t.http("POST", `${S}/resources/task/actions`, { key, name: `Do ${key}` })).status,
        201,
      );
      const action = await t.http("GET", `${S}/resources/task/actions/${key}`);
      assert.equal(action.status, 200);
      assert.equal(action.body.name, `Do ${key}`);
      assert.equal(
        (await t.http("POST", `${S}/resources/task/attributes`, { key, type: "bool" })).status,
        201,
      );
      assert.equal((await t.http("GET", `${S}/resources/task/attributes/${key}`)).body.type, "bool");
    }
    const task = await t.http("GET", `${S}/resources/task`);
    assert.deepEqual(Object.keys(task.body.attributes), ["owner", "__proto__", "constructor", "toString"]);
    await t.http("POST", `${S}/roles`, {
      key: "odd",
      name: "Odd",
      permissions: ["task:__proto__", "task:constructor"],
    });
    await t.permit.api.users.assignRole({ user: "dave", role: "odd", tenant: "default" });
    assert.equal(await t.permit.check("dave", "__proto__", "task"), true);
    assert.equal(await t.permit.check("dave", "constructor", "task"), true);
    assert.equal(await t.permit.check("dave", "hasOwnProperty", "task"), false);
    assert.equal((await t.http("DELETE", `${S}/resources/task/actions/__proto__`)).status, 204);
    assert.deepEqual((await t.http("GET", `${S}/roles/odd`)).body.permissions, ["task:constructor"]);
  });

  it("keeps a resource's key when it is replaced by id", async () => {
    const task = await t.http("GET", `${t.schema}/resources/task`);
    const put = await t.http("PUT", `${t.schema}/resources/${task.body.id}`, {
      name: "Task",
      actions: { create: {}, get: {}, update: {}, check: {}, delete: {} },
    });
    assert.equal(put.status, 200);
    assert.equal(put.body.key, "task");
    assert.deepEqual((await t.http("GET", `${t.schema}/roles/viewer`)).body.permissions, [
      "task:get",
      "user:get",
    ]);
    assert.equal(await t.permit.check("carol", "get", { type: "task", tenant: "acme" }), true);
  });

  it("never grants an instance role tenant-wide, and rejects a tenant role on an instance", async () => {
    const tenantRole = await t.http("POST", `${t.facts}/role_assignments`, {
      user: "dave",
      role: "admin",
      resource_instance: "task:t1",
    });
    assert.equal(tenantRole.status, 404);
    assert.match(tenantRole.body.message, /ResourceRole/);
    const ok = await t.http("POST", `${t.facts}/role_assignments`, {
      user: "dave",
      role: "viewer",
      resource_instance: "task:t2",
    });
    assert.equal(ok.status, 201);
    assert.equal(await t.permit.check("dave", "get", { type: "task", key: "t2", tenant: "acme" }), true);
    assert.equal(await t.permit.check("dave", "get", { type: "task", tenant: "acme" }), false);
    assert.equal(await t.permit.check("dave", "get", { type: "task", key: "t1", tenant: "acme" }), false);
  });
});
