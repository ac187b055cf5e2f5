/** Issue 12: the hosted pages' second factor — TOTP setup with a QR code, and the MFA code page. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { SetUserPoolMfaConfigCommand } from "@aws-sdk/client-cognito-identity-provider";
import { Secret, TOTP } from "otpauth";
import {
  Agent,
  codeFlowParams,
  csrfOf,
  formActionOf,
  hiddenField,
  hostedPoolSeed,
  hostedSignIn,
  PASSWORD,
  startTestPool,
  type TestPool,
} from "./harness.ts";

const POOL_ID = "us-east-1_HostedMfa1";
const CLIENT_ID = "hostedmfaclient00000000000";
const CALLBACK = "http://localhost:4000/callback";

let pool: TestPool;
before(async () => {
  pool = await startTestPool({
    seed: hostedPoolSeed({
      id: POOL_ID,
      name: "hosted <mfa>",
      clientId: CLIENT_ID,
      callback: CALLBACK,
      usernames: ["hana"],
    }),
  });
  await pool.cognito.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: POOL_ID,
      MfaConfiguration: "ON",
      SoftwareTokenMfaConfiguration: { Enabled: true },
    }),
  );
});
after(() => pool.cleanup());

const params = () => codeFlowParams(CLIENT_ID, CALLBACK);

function code(secret: string): string {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 }).generate();
}

test("first sign-in sets up TOTP from a QR code; the next one asks for the code", async () => {
  const p = params();
  const agent = new Agent(pool.url);
  const setup = await hostedSignIn(agent, p, "hana", PASSWORD);
  assert.equal(setup.status, 200);
  const page = await setup.text();
  assert.match(page, /<svg[^>]*>/);
  assert.ok(!page.includes("<mfa>"), "the pool name is escaped wherever it appears");
  const secret = page.match(/id="totp-secret">([A-Z2-7]+)</)?.[1] ?? "";
  assert.match(secret, /^[A-Z2-7]{32,}$/);
  const session = hiddenField(page, "session") ?? "";
  assert.ok(formActionOf(page).startsWith("/mfaSetup?"));

  // Without the CSRF token nothing happens.
  const forged = await agent.post(formActionOf(page), { session, code: code(secret) });
  assert.equal(forged.status, 403);
  const wrong = await agent.post(formActionOf(page), {
    _csrf: csrfOf(page),
    session,
    code: "000000" === code(secret) ? "111111" : "000000",
  });
  assert.equal(wrong.status, 400);
  const retry = await wrong.text();
  const ok = await agent.post(formActionOf(retry), { _csrf: csrfOf(retry), session, code: code(secret) });
  assert.equal(ok.status, 302);
  assert.ok(ok.headers.get("location")?.startsWith(`${CALLBACK}?code=`));

  // A fresh browser: password, then the code page.
  const other = new Agent(pool.url);
  const challenge = await hostedSignIn(other, params(), "hana", PASSWORD);
  assert.equal(challenge.status, 200);
  const codePage = await challenge.text();
  assert.ok(formActionOf(codePage).startsWith("/mfa?"));
  const mfaSession = hiddenField(codePage, "session") ?? "";
  const bad = await other.post(formActionOf(codePage), {
    _csrf: csrfOf(codePage),
    session: mfaSession,
    code: "12345x",
  });
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /Invalid code received for user/);
  const done = await other.post(formActionOf(codePage), {
    _csrf: csrfOf(codePage),
    session: mfaSession,
    code: code(secret),
  });
  assert.equal(done.status, 302);
  assert.ok(done.headers.get("location")?.startsWith(`${CALLBACK}?code=`));
  // The session was single use.
  const replay = await other.post(formActionOf(codePage), {
    _csrf: csrfOf(codePage),
    session: mfaSession,
    code: code(secret),
  });
  assert.equal(replay.status, 400);
});
