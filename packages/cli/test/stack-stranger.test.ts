// Issue 9, item 2: self sign-up is open, so a stranger can always get an account. A user in no group
// must get no role (every guarded route denied, `/api/sync` says `roles: []` so the SPA can show "no
// access yet") unless the operator configures APP_DEFAULT_ROLE. And item 3's first part: `/api/sync`
// refuses a user the pool has disabled.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  AdminConfirmSignUpCommand,
  AdminDisableUserCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { startTestStack, type TestStack } from "@tollgate/testkit/stack";
import { LOCAL_CLIENT_ID, LOCAL_POOL_ID } from "../src/stack/local-seed.ts";

const PASSWORD = "Stranger-Pass-1";

async function signUpStranger(s: TestStack, email: string): Promise<string> {
  await s.cognito.send(
    new SignUpCommand({
      ClientId: LOCAL_CLIENT_ID,
      Username: email,
      Password: PASSWORD,
      UserAttributes: [{ Name: "email", Value: email }],
    }),
  );
  await s.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: LOCAL_POOL_ID, Username: email }));
  return s.accessToken(email, PASSWORD);
}

describe("a stranger who signs up, with no default role (the default)", () => {
  let s: TestStack;
  before(async () => {
    s = await startTestStack();
  });
  after(() => s.stop());

  it("gets no role: /api/sync says roles [] and every guarded route is denied", async () => {
    const token = await signUpStranger(s, "stranger@example.com");
    const sync = await s.api(token, "POST", "/api/sync");
    assert.equal(sync.status, 200);
    assert.deepEqual(sync.body.roles, []);
    assert.deepEqual((await s.api(token, "GET", "/api/me/permissions")).body.roles, []);
    for (const [method, path, body] of [
      ["GET", "/api/tasks"],
      ["POST", "/api/tasks", { title: "let me in" }],
      ["GET", "/api/users"],
      ["DELETE", "/api/users/admin@example.com"],
    ] as const) {
      const res = await s.api(token, method, path, body);
      assert.equal(res.status, 403, `${method} ${path}`);
    }
  });

  it("the demo users, who are in groups, keep their roles", async () => {
    const viewer = await s.accessToken("viewer@example.com");
    const sync = await s.api(viewer, "POST", "/api/sync");
    assert.deepEqual(sync.body.roles, ["viewer"]);
    assert.equal((await s.api(viewer, "GET", "/api/tasks")).status, 200);
  });

  it("/api/sync refuses a user the pool has disabled, even with a token that still verifies", async () => {
    const token = await signUpStranger(s, "disabled@example.com");
    assert.equal((await s.api(token, "POST", "/api/sync")).status, 200);
    await s.cognito.send(
      new AdminDisableUserCommand({ UserPoolId: LOCAL_POOL_ID, Username: "disabled@example.com" }),
    );
    const refused = await s.api(token, "POST", "/api/sync");
    assert.equal(refused.status, 401);
    // Two guards refuse it, whichever is first: the pool's `user.disabled` event ends the session
    // (session_ended), or the sync's own AdminGetUser finds the account disabled (user_disabled).
    assert.ok(["user_disabled", "session_ended"].includes(refused.body.error), refused.body.error);
  });
});

describe("with APP_DEFAULT_ROLE=viewer configured by the operator", () => {
  let s: TestStack;
  before(async () => {
    s = await startTestStack({ env: { APP_DEFAULT_ROLE: "viewer" } });
  });
  after(() => s.stop());

  it("a user in no group gets the default role, and only what it grants", async () => {
    const token = await signUpStranger(s, "newcomer@example.com");
    const sync = await s.api(token, "POST", "/api/sync");
    assert.deepEqual(sync.body.roles, ["viewer"]);
    assert.equal((await s.api(token, "GET", "/api/tasks")).status, 200);
    assert.equal((await s.api(token, "POST", "/api/tasks", { title: "no" })).status, 403);
  });
});
