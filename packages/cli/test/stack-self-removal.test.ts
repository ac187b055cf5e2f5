// Issue 9 (weak): an admin could delete their own account by naming it with their e-mail instead of
// their username. Every name of the account is refused, and the account is still there afterwards.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AdminGetUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import { startTestStack, type TestStack } from "@tollgate/testkit/stack";
import { LOCAL_POOL_ID } from "../src/stack/local-seed.ts";

let s: TestStack;
before(async () => {
  s = await startTestStack();
});
after(() => s.stop());

test("an admin cannot remove their own account by username, e-mail (any case) or sub", async () => {
  const admin = await s.accessToken("admin@example.com");
  const me = await s.cognito.send(
    new AdminGetUserCommand({ UserPoolId: LOCAL_POOL_ID, Username: "admin@example.com" }),
  );
  const sub = me.UserAttributes?.find((a) => a.Name === "sub")?.Value;
  assert.ok(me.Username && sub);
  for (const name of new Set([me.Username, "admin@example.com", "Admin@Example.com", sub])) {
    const res = await s.api(admin, "DELETE", `/api/users/${encodeURIComponent(name)}`);
    assert.equal(res.status, 400, `DELETE /api/users/${name}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.error, "cannot_remove_self");
  }
  const still = await s.cognito.send(
    new AdminGetUserCommand({ UserPoolId: LOCAL_POOL_ID, Username: me.Username }),
  );
  assert.equal(still.Username, me.Username);
  assert.equal(await s.permit.check(sub, "delete", "user"), true, "still an admin in authz");
});

test("removing someone else still works", async () => {
  const admin = await s.accessToken("admin@example.com");
  const res = await s.api(admin, "DELETE", `/api/users/${encodeURIComponent("viewer@example.com")}`);
  assert.equal(res.status, 204);
});
