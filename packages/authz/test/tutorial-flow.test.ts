import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { applyTutorialPolicy, startTestAuthz, type TestAuthz } from "@tollgate/testkit/authz";

describe("the tutorial's flow through the real permitio SDK", () => {
  let t: TestAuthz;
  before(async () => {
    t = await startTestAuthz();
  });
  after(() => t.close());

  it("sets up roles, resources and permissions, syncs, enforces, revokes and deletes", async () => {
    const { permit } = t;
    await applyTutorialPolicy(permit);

    // 2.2 sync the Cognito user, keyed by `sub`, and map the group to a role
    const sub = "e69bd1ef-0067-40ef-9262-0123456789ab";
    const synced = await permit.api.users.sync({ key: sub, email: "eddie@example.com", first_name: "Eddie" });
    assert.equal(synced.created, true);
    assert.equal(synced.user.key, sub);
    await permit.api.users.assignRole({ user: sub, role: "editor", tenant: "default" });

    // 2.2 enforce: permit.check before every CRUD action
    assert.equal(await permit.check(sub, "create", "task"), true);
    assert.equal(await permit.check(sub, "delete", "task"), true);
    assert.equal(await permit.check(sub, "get", "user"), true);
    assert.equal(await permit.check(sub, "delete", "user"), false);
    assert.equal(await permit.check(sub, "create", "user"), false);

    // 3. revoke a permission: the very next check denies
    await permit.api.roles.removePermissions("editor", ["task:delete"]);
    assert.equal(await permit.check(sub, "delete", "task"), false);
    assert.equal(await permit.check(sub, "update", "task"), true);

    // sync again: updated, not created
    const again = await permit.api.users.sync({ key: sub, email: "eddie@example.com" });
    assert.equal(again.created, false);

    // 2.3 remove the user: every check denies
    await permit.api.users.delete(sub);
    assert.equal(await permit.check(sub, "get", "task"), false);
    await assert.rejects(permit.api.users.get(sub), (err: Error & { response?: { status: number } }) => {
      assert.equal(err.response?.status, 404);
      return true;
    });
  });
});
