import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { applyTutorialPolicy, startTestAuthz, type TestAuthz } from "@tollgate/testkit/authz";

describe("PDP routes beyond the SDK", () => {
  let t: TestAuthz;
  before(async () => {
    t = await startTestAuthz();
    await applyTutorialPolicy(t.permit);
    await t.permit.api.users.sync({ key: "ann" });
    await t.permit.api.users.sync({ key: "bob" });
    await t.permit.api.users.assignRole({ user: "ann", role: "admin", tenant: "default" });
    await t.permit.api.users.assignRole({ user: "bob", role: "viewer", tenant: "default" });
  });
  after(() => t.close());

  it("/authorized_users answers who may act and through which role", async () => {
    const r = await t.http("POST", "/authorized_users", {
      action: "get",
      resource: { type: "task", tenant: "default" },
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.resource, "task:*");
    assert.deepEqual(Object.keys(r.body.users).sort(), ["ann", "bob"]);
    assert.deepEqual(r.body.users.bob, [
      { user: "bob", tenant: "default", resource: "__tenant:default", role: "viewer" },
    ]);
    const del = await t.http("POST", "/authorized_users", {
      action: "delete",
      resource: { type: "user", key: "x" },
    });
    assert.equal(del.body.resource, "user:x");
    assert.deepEqual(Object.keys(del.body.users), ["ann"]);
  });

  it("/authorized_users lists ABAC grants when the context enables them, as Permit's PDP does", async () => {
    await t.permit.api.conditionSets.create({
      key: "night_shift",
      name: "Night shift",
      type: "userset",
      conditions: { allOf: [{ "user.shift": { equals: "night" } }] },
    });
    await t.permit.api.conditionSetRules.create({
      user_set: "night_shift",
      permission: "task:check",
      resource_set: "__autogen_task",
    });
    await t.permit.api.users.sync({ key: "nina", attributes: { shift: "night" } });
    const body = { action: "check", resource: { type: "task", key: "t1", tenant: "default" } };
    const plain = await t.http("POST", "/authorized_users", body);
    assert.equal(plain.status, 200);
    assert.equal(plain.body.users.nina, undefined, "without the flag: RBAC and ReBAC grants only");
    assert.equal(await t.permit.check("nina", "check", { type: "task", key: "t1", tenant: "default" }), true);
    const withAbac = await t.http("POST", "/authorized_users", {
      ...body,
      context: { enable_abac_authorized_users: true },
    });
    assert.deepEqual(withAbac.body.users.nina, [
      { user: "nina", tenant: "default", resource: "task:t1", role: "night_shift" },
    ]);
    assert.ok(withAbac.body.users.ann, "role grants are still listed");
    await t.permit.api.conditionSetRules.delete({
      user_set: "night_shift",
      permission: "task:check",
      resource_set: "__autogen_task",
    });
    const after = await t.http("POST", "/authorized_users", {
      ...body,
      context: { enable_abac_authorized_users: true },
    });
    assert.equal(after.body.users.nina, undefined, "the rule's removal takes the grant away");
  });

  it("/allowed explains its answer in debug", async () => {
    const r = await t.http("POST", "/allowed", { user: "bob", action: "update", resource: { type: "task" } });
    assert.deepEqual(r.body, {
      allow: false,
      result: false,
      debug: { reason: "no_permission", tenant: "default" },
    });
  });

  it("probes need no key: /health says the process is up, /ready and /healthy report each component", async () => {
    const live = await fetch(`${t.url}/health`);
    assert.equal(live.status, 200);
    assert.deepEqual(await live.json(), { status: "ok" });
    for (const path of ["/ready", "/healthy"]) {
      const res = await fetch(`${t.url}${path}`);
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), {
        status: "ok",
        components: {
          storage: { status: "ok" },
          snapshot: { status: "ok", version: t.service.core.feed.version },
        },
      });
    }
  });

  it("/metrics exposes decisions, snapshot version and request latency for Prometheus", async () => {
    await t.permit.check("ann", "get", "task");
    await t.permit.check("bob", "delete", "task");
    const res = await fetch(`${t.url}/metrics`);
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.match(text, /tollgate_authz_decisions_total\{result="allow",reason="allowed"\} [1-9]/);
    assert.match(text, /tollgate_authz_decisions_total\{result="deny",reason="no_permission"\} [1-9]/);
    assert.match(text, new RegExp(`tollgate_authz_snapshot_version ${t.service.core.sync.version}`));
    assert.match(text, /tollgate_authz_snapshot_lag_versions 0/);
    assert.match(
      text,
      /tollgate_authz_http_request_duration_seconds_bucket\{le="0.005",route="\/allowed",method="POST",status="200"\}/,
    );
    assert.match(text, /tollgate_authz_process_resident_memory_bytes/);
  });

  it("the PDP requires the API key", async () => {
    const res = await fetch(`${t.url}/allowed`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user: "ann", action: "get", resource: { type: "task" } }),
    });
    assert.equal(res.status, 401);
  });
});
