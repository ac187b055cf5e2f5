// Issue 9, item 3 end to end, against the real local pool: disabling a user, signing them out
// globally, resetting their password or deleting them ends their access in the app (API refused,
// live stream closed) promptly, because the pool announces it on its event stream and the app follows.
// Needs the user pool's event stream (`/_tollgate/pools/{id}/events`).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { openLiveStream } from "@tollgate/testkit/live-stream";
import { startTestStack, type TestStack } from "@tollgate/testkit/stack";
import { until, untilNextSecond } from "@tollgate/testkit/until";
import { LOCAL_POOL_ID } from "../src/stack/local-seed.ts";

const PASSWORD = "Session-End-Pass-1";

describe("ending a user's session at the pool ends it in the app", () => {
  let s: TestStack;
  before(async () => {
    s = await startTestStack();
  });
  after(() => s.stop());

  async function newUser(email: string): Promise<string> {
    await s.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: LOCAL_POOL_ID,
        Username: email,
        UserAttributes: [{ Name: "email", Value: email }],
        MessageAction: "SUPPRESS",
      }),
    );
    await s.cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: LOCAL_POOL_ID,
        Username: email,
        Password: PASSWORD,
        Permanent: true,
      }),
    );
    await untilNextSecond();
    return s.accessToken(email, PASSWORD);
  }

  const cases = {
    disable: (u: string) => new AdminDisableUserCommand({ UserPoolId: LOCAL_POOL_ID, Username: u }),
    "global sign-out": (u: string) =>
      new AdminUserGlobalSignOutCommand({ UserPoolId: LOCAL_POOL_ID, Username: u }),
    "password reset": (u: string) =>
      new AdminResetUserPasswordCommand({ UserPoolId: LOCAL_POOL_ID, Username: u }),
    delete: (u: string) => new AdminDeleteUserCommand({ UserPoolId: LOCAL_POOL_ID, Username: u }),
  };

  for (const [name, command] of Object.entries(cases)) {
    it(`${name}: the old token is refused and the live stream closes`, async (t) => {
      const email = `${name.replace(/\W+/g, "-")}@example.com`;
      const token = await newUser(email);
      assert.equal((await s.api(token, "POST", "/api/sync")).status, 200);
      assert.equal((await s.api(token, "GET", "/api/me/permissions")).status, 200);
      const stream = openLiveStream(`${s.app.url}/api/events`, token);
      await until(() => stream.events.includes("ready"), "the stream to open");
      const started = Date.now();
      // biome-ignore lint/suspicious/noExplicitAny: the four admin commands share a client.
      await s.cognito.send(command(email) as any);
      await until(
        async () => (await s.api(token, "GET", "/api/me/permissions")).status === 401,
        "the API to refuse",
      );
      const refusedAfter = Date.now() - started;
      await until(() => stream.ended(), "the live stream to close");
      // A deleted account is told it was removed; every other ending says the session ended.
      const expected = name === "delete" ? "removed" : "signed_out";
      assert.ok(stream.events.includes(expected), `events: ${stream.events.join(", ")}`);
      t.diagnostic(`access ended ${refusedAfter} ms after the pool call`);
    });
  }
});
