/**
 * The OpenID AuthZEN Authorization API 1.0 as an AuthZEN client (a PEP) uses it: the spec's request
 * shapes over real HTTP with the API key, mapped onto Permit's model — and deciding exactly as
 * `/allowed` does for the same question.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startTestAuthz, TEST_API_KEY, type TestAuthz } from "@tollgate/testkit/authz";

let t: TestAuthz;

async function authzen(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_API_KEY}`, "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  const json = res.headers.get("content-type")?.includes("application/json") ? JSON.parse(text) : undefined;
  return { status: res.status, text, json, headers: res.headers };
}

const user = (id: string, properties?: Record<string, unknown>) => ({
  type: "user",
  id,
  ...(properties && { properties }),
});
const account = (id: string, tenant?: string) => ({
  type: "account",
  id,
  ...(tenant && { properties: { tenant } }),
});

before(async () => {
  t = await startTestAuthz();
  const ok = async (method: string, path: string, body: unknown) => {
    const r = await t.http(method, path, body);
    assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  };
  await ok("POST", `${t.schema}/resources`, {
    key: "account",
    name: "Account",
    actions: { can_read: {}, can_write: {}, can_close: {} },
  });
  await ok("POST", `${t.schema}/roles`, { key: "reader", name: "Reader", permissions: ["account:can_read"] });
  await ok("POST", `${t.schema}/roles`, {
    key: "owner",
    name: "Owner",
    permissions: ["account:can_read", "account:can_write", "account:can_close"],
  });
  await ok("POST", `${t.facts}/tenants`, { key: "acme", name: "Acme" });
  for (const key of ["alice@acmecorp.com", "bob@acmecorp.com", "carol@acmecorp.com"]) {
    await ok("PUT", `${t.facts}/users/${key}`, {});
  }
  await ok("POST", `${t.facts}/role_assignments`, {
    user: "alice@acmecorp.com",
    role: "reader",
    tenant: "acme",
  });
  await ok("POST", `${t.facts}/role_assignments`, {
    user: "bob@acmecorp.com",
    role: "owner",
    tenant: "acme",
  });
  await ok("POST", `${t.facts}/role_assignments`, {
    user: "carol@acmecorp.com",
    role: "reader",
    tenant: "default",
  });
});
after(() => t.close());

describe("AuthZEN access evaluation", () => {
  it("answers the spec's example request: 200 with a boolean decision", async () => {
    const r = await authzen("/access/v1/evaluation", {
      subject: { type: "user", id: "alice@acmecorp.com" },
      resource: { type: "account", id: "123", properties: { tenant: "acme" } },
      action: { name: "can_read", properties: { method: "GET" } },
      context: { time: "1985-10-26T01:22-07:00" },
    });
    assert.equal(r.status, 200);
    assert.equal(r.json.decision, true);
    assert.equal(r.json.context.tenant, "acme");
  });

  it("a deny is 200 with decision false, never an error", async () => {
    const r = await authzen("/access/v1/evaluation", {
      subject: user("alice@acmecorp.com"),
      action: { name: "can_write" },
      resource: account("123", "acme"),
    });
    assert.equal(r.status, 200);
    assert.equal(r.json.decision, false);
    assert.equal(r.json.context.reason, "no_permission");
  });

  it("a resource with no tenant property is in the default tenant", async () => {
    const carol = { subject: user("carol@acmecorp.com"), action: { name: "can_read" } };
    assert.equal(
      (await authzen("/access/v1/evaluation", { ...carol, resource: account("1") })).json.decision,
      true,
    );
    assert.equal(
      (await authzen("/access/v1/evaluation", { ...carol, resource: account("1", "acme") })).json.decision,
      false,
    );
  });

  it("decides exactly as /allowed for the same question", async () => {
    for (const id of ["alice@acmecorp.com", "bob@acmecorp.com", "carol@acmecorp.com", "nobody"]) {
      for (const action of ["can_read", "can_write", "can_close", "no_such_action"]) {
        for (const tenant of [undefined, "acme", "no-such-tenant"]) {
          for (const type of ["account", "no_such_type"]) {
            const a = await authzen("/access/v1/evaluation", {
              subject: user(id, { email: id, department: "eng" }),
              action: { name: action },
              resource: { type, id: "r1", ...(tenant && { properties: { tenant, level: 3 } }) },
            });
            const p = await t.http("POST", "/allowed", {
              user: { key: id, email: id, attributes: { department: "eng" } },
              action,
              resource: { type, key: "r1", tenant: tenant ?? "default", attributes: { level: 3 } },
            });
            assert.equal(a.status, 200);
            assert.equal(a.json.decision, p.body.allow, `${id} ${action} ${type} ${tenant}`);
            assert.equal(a.json.context.reason, p.body.debug.reason);
          }
        }
      }
    }
  });

  it("records every evaluation in the audit log", async () => {
    const marker = `audited-${Date.now()}`;
    await authzen("/access/v1/evaluation", {
      subject: user(marker),
      action: { name: "can_read" },
      resource: account("a-7", "acme"),
    });
    await authzen("/access/v1/evaluations", {
      subject: user(marker),
      action: { name: "can_read" },
      evaluations: [{ resource: account("a-8") }, { resource: account("a-9") }],
    });
    await t.service.audit.flush();
    const { project_id, environment_id } = t.service.core.scope;
    const log = await t.http("GET", `/v2/pdps/${project_id}/${environment_id}/audit_logs?user=${marker}`);
    assert.equal(log.body.total_count, 3);
    assert.deepEqual(log.body.data.map((e: { resource_key: string }) => e.resource_key).sort(), [
      "a-7",
      "a-8",
      "a-9",
    ]);
  });

  it("echoes X-Request-ID", async () => {
    const r = await authzen(
      "/access/v1/evaluation",
      { subject: user("bob@acmecorp.com"), action: { name: "can_read" }, resource: account("1", "acme") },
      { "x-request-id": "bfe9eb29-ab87-4ca3-be83-a1d5d8305716" },
    );
    assert.equal(r.headers.get("x-request-id"), "bfe9eb29-ab87-4ca3-be83-a1d5d8305716");
  });
});

describe("AuthZEN access evaluations (batch)", () => {
  const body = {
    subject: user("alice@acmecorp.com"),
    action: { name: "can_read" },
    context: { time: "2024-05-31T15:22-07:00" },
    evaluations: [
      { resource: account("1", "acme") },
      { action: { name: "can_write" }, resource: account("2", "acme") },
      { subject: user("bob@acmecorp.com"), action: { name: "can_close" }, resource: account("3", "acme") },
      { resource: account("4") },
    ],
  };

  it("applies the top-level defaults, each item overriding them whole (execute_all by default)", async () => {
    const r = await authzen("/access/v1/evaluations", body);
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.json.evaluations.map((e: { decision: boolean }) => e.decision),
      [true, false, true, false],
    );
  });

  it("deny_on_first_deny stops at the first deny, which says why", async () => {
    const r = await authzen("/access/v1/evaluations", {
      ...body,
      options: { evaluations_semantic: "deny_on_first_deny" },
    });
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.json.evaluations.map((e: { decision: boolean }) => e.decision),
      [true, false],
    );
    assert.equal(r.json.evaluations[1].context.reason, "deny_on_first_deny");
    assert.equal(r.json.evaluations[1].context.id, "1");
  });

  it("permit_on_first_permit stops at the first permit", async () => {
    const r = await authzen("/access/v1/evaluations", {
      ...body,
      evaluations: body.evaluations.slice(1),
      options: { evaluations_semantic: "permit_on_first_permit" },
    });
    assert.deepEqual(
      r.json.evaluations.map((e: { decision: boolean }) => e.decision),
      [false, true],
    );
    assert.equal(r.json.evaluations[1].context.reason, "permit_on_first_permit");
  });

  it("without an evaluations array it is one evaluation", async () => {
    const { evaluations: _, ...single } = body;
    const r = await authzen("/access/v1/evaluations", { ...single, resource: account("1", "acme") });
    assert.equal(r.status, 200);
    assert.equal(r.json.decision, true);
  });

  it("an item missing a member after defaults, or no items, is a 400 in plain text", async () => {
    const missing = await authzen("/access/v1/evaluations", {
      action: { name: "can_read" },
      evaluations: [{ subject: user("a"), resource: account("1") }, { subject: user("a") }, {}],
    });
    assert.equal(missing.status, 400);
    assert.match(missing.headers.get("content-type") ?? "", /^text\/plain/);
    assert.match(missing.text, /evaluations\[1\] has no resource/);
    assert.match(missing.text, /evaluations\[2\] has no subject, resource/);
    const empty = await authzen("/access/v1/evaluations", { ...body, evaluations: [] });
    assert.equal(empty.status, 400);
    assert.equal(empty.text, "No evaluations provided");
    const semantic = await authzen("/access/v1/evaluations", {
      ...body,
      options: { evaluations_semantic: "most" },
    });
    assert.equal(semantic.status, 400);
  });
});

describe("AuthZEN search", () => {
  it("subject search: exactly the users evaluation would allow, paged", async () => {
    const request = {
      subject: { type: "user" },
      action: { name: "can_read" },
      resource: account("123", "acme"),
    };
    const r = await authzen("/access/v1/search/subject", request);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.results, [
      { type: "user", id: "alice@acmecorp.com" },
      { type: "user", id: "bob@acmecorp.com" },
    ]);
    assert.equal(r.json.page.next_token, "");
    const writers = await authzen("/access/v1/search/subject", { ...request, action: { name: "can_write" } });
    assert.deepEqual(writers.json.results, [{ type: "user", id: "bob@acmecorp.com" }]);
    // Every result must evaluate to true (spec §8).
    for (const s of r.json.results) {
      const e = await authzen("/access/v1/evaluation", { ...request, subject: s });
      assert.equal(e.json.decision, true);
    }
    const first = await authzen("/access/v1/search/subject", { ...request, page: { limit: 1 } });
    assert.deepEqual(first.json.results, [{ type: "user", id: "alice@acmecorp.com" }]);
    assert.notEqual(first.json.page.next_token, "");
    const second = await authzen("/access/v1/search/subject", {
      ...request,
      page: { limit: 1, token: first.json.page.next_token },
    });
    assert.deepEqual(second.json.results, [{ type: "user", id: "bob@acmecorp.com" }]);
    assert.equal(second.json.page.next_token, "");
    const bad = await authzen("/access/v1/search/subject", { ...request, page: { token: "not-a-token" } });
    assert.equal(bad.status, 400);
  });

  it("action search: the bare action names evaluation would allow", async () => {
    const alice = await authzen("/access/v1/search/action", {
      subject: user("alice@acmecorp.com"),
      resource: account("123", "acme"),
    });
    assert.equal(alice.status, 200);
    assert.deepEqual(alice.json.results, [{ name: "can_read" }]);
    const bob = await authzen("/access/v1/search/action", {
      subject: user("bob@acmecorp.com"),
      resource: account("123", "acme"),
    });
    assert.deepEqual(bob.json.results, [{ name: "can_close" }, { name: "can_read" }, { name: "can_write" }]);
    const elsewhere = await authzen("/access/v1/search/action", {
      subject: user("bob@acmecorp.com"),
      resource: account("123"),
    });
    assert.deepEqual(elsewhere.json.results, []);
  });

  it("resource search: only instances evaluation would allow (none are stored without ReBAC facts)", async () => {
    const r = await authzen("/access/v1/search/resource", {
      subject: user("alice@acmecorp.com"),
      action: { name: "can_read" },
      resource: { type: "account" },
    });
    assert.equal(r.status, 200);
    for (const found of r.json.results) {
      assert.equal(found.type, "account");
      const e = await authzen("/access/v1/evaluation", {
        subject: user("alice@acmecorp.com"),
        action: { name: "can_read" },
        resource: found,
      });
      assert.equal(e.json.decision, true);
    }
    assert.deepEqual(r.json.page, { next_token: "" });
  });
});

describe("AuthZEN errors and discovery", () => {
  it("needs the API key (the PDP's own answers: 401 without one, 403 for a wrong one)", async () => {
    const res = await fetch(`${t.url}/access/v1/evaluation`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ subject: user("a"), action: { name: "can_read" }, resource: account("1") }),
    });
    assert.equal(res.status, 401);
    // Spec §12.1.11: AuthZEN's errors, these included, are plain text, not Permit's JSON.
    assert.match(res.headers.get("content-type") ?? "", /^text\/plain/);
    assert.match(await res.text(), /API key/);
    const wrong = await authzen(
      "/access/v1/evaluation",
      { subject: user("a"), action: { name: "can_read" }, resource: account("1") },
      { authorization: "Bearer permit_key_wrong_0123456789abcdefghijklmnop" },
    );
    assert.equal(wrong.status, 403);
    assert.match(wrong.headers.get("content-type") ?? "", /^text\/plain/);
    assert.match(wrong.text, /API key is not valid/);
  });

  it("refuses a body nested too deep with a plain-text 400, as any bad input", async () => {
    let context: unknown = "leaf";
    for (let i = 0; i < 100; i++) context = { next: context };
    const deep = await authzen("/access/v1/evaluation", {
      subject: user("a"),
      action: { name: "can_read" },
      resource: account("1"),
      context,
    });
    assert.equal(deep.status, 400);
    assert.match(deep.headers.get("content-type") ?? "", /^text\/plain/);
    assert.match(deep.text, /nested more than 64 levels/);
  });

  it("refuses malformed requests with 400 in plain text, never a 500", async () => {
    const bad: unknown[] = [
      {},
      { subject: { type: "user" }, action: { name: "can_read" }, resource: account("1") },
      { subject: user("a"), action: { name: "" }, resource: account("1") },
      { subject: user("a"), action: { name: "can_read" }, resource: { type: "account" } },
      { subject: user("a"), action: "can_read", resource: account("1") },
      { subject: user("a"), action: { name: "can_read" }, resource: account("1"), context: [] },
      "[1, 2",
    ];
    for (const body of bad) {
      const r = await authzen("/access/v1/evaluation", body);
      assert.equal(r.status, 400, `${JSON.stringify(body)} → ${r.status} ${r.text}`);
      assert.match(r.headers.get("content-type") ?? "", /^text\/plain/);
    }
  });

  it("serves the well-known configuration naming each endpoint at the URL it was fetched from", async () => {
    const res = await fetch(`${t.url}/.well-known/authzen-configuration`);
    assert.equal(res.status, 200);
    const doc = await res.json();
    const origin = new URL(t.url).origin;
    assert.equal(doc.policy_decision_point, origin);
    assert.equal(doc.access_evaluation_endpoint, `${origin}/access/v1/evaluation`);
    assert.equal(doc.access_evaluations_endpoint, `${origin}/access/v1/evaluations`);
    assert.equal(doc.search_subject_endpoint, `${origin}/access/v1/search/subject`);
    assert.equal(doc.search_resource_endpoint, `${origin}/access/v1/search/resource`);
    assert.equal(doc.search_action_endpoint, `${origin}/access/v1/search/action`);
    // A PEP can follow the document to a working endpoint.
    const e = await authzen(new URL(doc.access_evaluation_endpoint).pathname, {
      subject: user("bob@acmecorp.com"),
      action: { name: "can_close" },
      resource: account("9", "acme"),
    });
    assert.equal(e.json.decision, true);
  });
});
