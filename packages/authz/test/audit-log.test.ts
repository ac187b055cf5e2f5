import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { applyTutorialPolicy, startTestAuthz, type TestAuthz } from "@tollgate/testkit/authz";

describe("decision audit log", () => {
  let t: TestAuthz;
  const path = () =>
    `/v2/pdps/${t.service.core.scope.project_id}/${t.service.core.scope.environment_id}/audit_logs`;
  before(async () => {
    t = await startTestAuthz();
    await applyTutorialPolicy(t.permit);
    await t.permit.api.users.sync({ key: "eve" });
    await t.permit.api.users.assignRole({ user: "eve", role: "viewer", tenant: "default" });
    await t.permit.check("eve", "get", "task:7");
    await t.permit.check("eve", "delete", "task");
    await t.permit.check("mallory", "get", "task");
    await t.permit.bulkCheck([{ user: "eve", action: "get", resource: "user" }]);
  });
  after(() => t.close());

  it("records every decision with its reason, newest first", async () => {
    const r = await t.http("GET", path());
    assert.equal(r.status, 200);
    assert.equal(r.body.total_count, 4);
    const [newest, , , oldest] = r.body.data;
    assert.deepEqual(
      { user: newest.user, action: newest.action, resource_type: newest.resource_type, allow: newest.allow },
      { user: "eve", action: "get", resource_type: "user", allow: true },
    );
    assert.equal(oldest.resource_key, "7");
    assert.equal(oldest.tenant, "default");
    assert.ok(!Number.isNaN(Date.parse(oldest.at)));
  });

  it("filters by user, action, resource, tenant and decision, and pages", async () => {
    const q = async (query: string) => (await t.http("GET", `${path()}?${query}`)).body;
    assert.equal((await q("user=eve")).total_count, 3);
    assert.equal((await q("decision=deny")).total_count, 2);
    const denied = await q("decision=deny&user=mallory");
    assert.equal(denied.data[0].reason, "user_not_synced");
    assert.equal((await q("action=delete")).data[0].reason, "no_permission");
    assert.equal((await q("resource=user")).total_count, 1);
    assert.equal((await q("tenant=acme")).total_count, 0);
    const page = await q("per_page=1&page=2");
    assert.equal(page.data.length, 1);
    assert.equal(page.page_count, 4);
  });

  it("rejects bad filters with 422", async () => {
    assert.equal((await t.http("GET", `${path()}?decision=maybe`)).status, 422);
    assert.equal((await t.http("GET", `${path()}?per_page=1000`)).status, 422);
  });
});
