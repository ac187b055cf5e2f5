/**
 * Issue 12, TOTP MFA: pool configuration, registering an authenticator (with a token and during sign-in),
 * preferences, and the SOFTWARE_TOKEN_MFA / MFA_SETUP challenges — Amplify v6 and identity-js in Node,
 * the AWS SDK for the IAM side.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  confirmSignIn,
  fetchAuthSession,
  fetchMFAPreference,
  setUpTOTP,
  signIn,
  signOut,
  updateMFAPreference,
  verifyTOTPSetup,
} from "@aws-amplify/auth";
import {
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
  GetUserPoolMfaConfigCommand,
  SetUserPoolMfaConfigCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { AuthenticationDetails, type CognitoUserSession } from "amazon-cognito-identity-js";
import { Secret, TOTP } from "otpauth";
import { cognitoVerifier, PASSWORD, startTestPool, type TestPool, usersWithEmail } from "./harness.ts";
import { configureAmplify, identityJsUser } from "./node-clients.ts";

const OPTIONAL_POOL = "us-east-1_MfaOption1";
const OPTIONAL_CLIENT = "mfaoptionalclient000000000";
const REQUIRED_POOL = "us-east-1_MfaRequir1";
const REQUIRED_CLIENT = "mfarequiredclient000000000";
const seed = {
  pools: [
    {
      id: OPTIONAL_POOL,
      name: "mfa-optional",
      clients: [{ id: OPTIONAL_CLIENT, name: "spa" }],
      users: usersWithEmail(["tia", "ted", "tom"]),
    },
    {
      id: REQUIRED_POOL,
      name: "mfa-required",
      clients: [{ id: REQUIRED_CLIENT, name: "spa" }],
      users: usersWithEmail(["rae", "rob"]),
    },
  ],
};

function codeFor(secret: string, offsetSteps = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 }).generate({
    timestamp: Date.now() + offsetSteps * 30_000,
  });
}

function wrongCode(secret: string): string {
  const valid = new Set([-1, 0, 1].map((o) => codeFor(secret, o)));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, "0");
    if (!valid.has(candidate)) return candidate;
  }
}

let pool: TestPool;
before(async () => {
  pool = await startTestPool({ seed });
});
after(() => pool.cleanup());

describe("pool configuration", () => {
  test("Set/GetUserPoolMfaConfig; MFA cannot be on without a factor", async () => {
    await assert.rejects(
      pool.cognito.send(
        new SetUserPoolMfaConfigCommand({ UserPoolId: OPTIONAL_POOL, MfaConfiguration: "ON" }),
      ),
      (err: Error) => err.name === "InvalidParameterException",
    );
    const set = await pool.cognito.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: OPTIONAL_POOL,
        MfaConfiguration: "OPTIONAL",
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
    assert.equal(set.MfaConfiguration, "OPTIONAL");
    const got = await pool.cognito.send(new GetUserPoolMfaConfigCommand({ UserPoolId: OPTIONAL_POOL }));
    assert.deepEqual([got.MfaConfiguration, got.SoftwareTokenMfaConfiguration?.Enabled], ["OPTIONAL", true]);
    await pool.cognito.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: REQUIRED_POOL,
        MfaConfiguration: "ON",
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
  });
});

describe("Amplify v6", () => {
  test("OPTIONAL pool: setUpTOTP, verifyTOTPSetup, updateMFAPreference; next signIn asks for the code", async () => {
    configureAmplify(pool.url, OPTIONAL_POOL, OPTIONAL_CLIENT);
    assert.equal((await signIn({ username: "tia", password: PASSWORD })).isSignedIn, true);
    const setup = await setUpTOTP();
    const secret = setup.sharedSecret;
    assert.match(setup.getSetupUri("Tollgate").href, /^otpauth:\/\/totp\/Tollgate:/);
    await assert.rejects(
      verifyTOTPSetup({ code: wrongCode(secret) }),
      (err: Error) => err.name === "EnableSoftwareTokenMFAException",
    );
    await verifyTOTPSetup({ code: codeFor(secret) });
    await updateMFAPreference({ totp: "PREFERRED" });
    assert.deepEqual(await fetchMFAPreference(), { enabled: ["TOTP"], preferred: "TOTP" });
    await signOut();

    const first = await signIn({ username: "tia", password: PASSWORD });
    assert.equal(first.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_TOTP_CODE");
    await assert.rejects(
      confirmSignIn({ challengeResponse: wrongCode(secret) }),
      (err: Error) => err.name === "CodeMismatchException",
    );
    const done = await confirmSignIn({ challengeResponse: codeFor(secret) });
    assert.equal(done.isSignedIn, true);
    const session = await fetchAuthSession();
    await cognitoVerifier(`${pool.publicUrl}/${OPTIONAL_POOL}`, OPTIONAL_CLIENT, "access").verify(
      session.tokens?.accessToken.toString() ?? "",
    );
    await signOut();
    const admin = await pool.cognito.send(
      new AdminGetUserCommand({ UserPoolId: OPTIONAL_POOL, Username: "tia" }),
    );
    assert.deepEqual(admin.UserMFASettingList, ["SOFTWARE_TOKEN_MFA"]);
    assert.equal(admin.PreferredMfaSetting, "SOFTWARE_TOKEN_MFA");
  });

  test("ON pool: sign-in goes through TOTP setup (MFA_SETUP) and ends signed in", async () => {
    configureAmplify(pool.url, REQUIRED_POOL, REQUIRED_CLIENT);
    const first = await signIn({ username: "rae", password: PASSWORD });
    assert.equal(first.nextStep.signInStep, "CONTINUE_SIGN_IN_WITH_TOTP_SETUP");
    const secret = (first.nextStep as { totpSetupDetails: { sharedSecret: string } }).totpSetupDetails
      .sharedSecret;
    const done = await confirmSignIn({ challengeResponse: codeFor(secret) });
    assert.equal(done.isSignedIn, true, JSON.stringify(done));
    await signOut();
    const again = await signIn({ username: "rae", password: PASSWORD });
    assert.equal(again.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_TOTP_CODE");
    assert.equal((await confirmSignIn({ challengeResponse: codeFor(secret) })).isSignedIn, true);
    await signOut();
  });
});

describe("a new password is only the first factor", () => {
  test("an admin-created user in an ON pool sets a password, then must set up TOTP", async () => {
    const { AdminCreateUserCommand } = await import("@aws-sdk/client-cognito-identity-provider");
    await pool.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: REQUIRED_POOL,
        Username: "nia",
        TemporaryPassword: "Temp-Pass-321",
        MessageAction: "SUPPRESS",
      }),
    );
    configureAmplify(pool.url, REQUIRED_POOL, REQUIRED_CLIENT);
    const first = await signIn({ username: "nia", password: "Temp-Pass-321" });
    assert.equal(first.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED");
    const next = await confirmSignIn({ challengeResponse: "Nia-Chosen-Pass-1" });
    assert.equal(next.nextStep.signInStep, "CONTINUE_SIGN_IN_WITH_TOTP_SETUP", JSON.stringify(next));
    const secret = (next.nextStep as { totpSetupDetails: { sharedSecret: string } }).totpSetupDetails
      .sharedSecret;
    assert.equal((await confirmSignIn({ challengeResponse: codeFor(secret) })).isSignedIn, true);
    await signOut();
  });
});

describe("amazon-cognito-identity-js and the admin side", () => {
  const identityUser = (poolId: string, clientId: string, username: string) =>
    identityJsUser(pool.url, poolId, clientId, username);

  test("mfaSetup → associateSoftwareToken → verifySoftwareToken; then totpRequired → sendMFACode", async () => {
    const user = identityUser(REQUIRED_POOL, REQUIRED_CLIENT, "rob");
    const secret = await new Promise<string>((resolve, reject) =>
      user.authenticateUser(new AuthenticationDetails({ Username: "rob", Password: PASSWORD }), {
        onSuccess: () => reject(new Error("signed in without MFA")),
        onFailure: reject,
        mfaSetup: () => user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }),
      }),
    );
    const session = await new Promise<CognitoUserSession>((resolve, reject) =>
      user.verifySoftwareToken(codeFor(secret), "phone", { onSuccess: resolve, onFailure: reject }),
    );
    assert.ok(session.getAccessToken().getJwtToken());

    const again = identityUser(REQUIRED_POOL, REQUIRED_CLIENT, "rob");
    const signedIn = await new Promise<CognitoUserSession>((resolve, reject) =>
      again.authenticateUser(new AuthenticationDetails({ Username: "rob", Password: PASSWORD }), {
        onSuccess: resolve,
        onFailure: reject,
        totpRequired: () =>
          again.sendMFACode(codeFor(secret), { onSuccess: resolve, onFailure: reject }, "SOFTWARE_TOKEN_MFA"),
      }),
    );
    assert.ok(signedIn.getIdToken().getJwtToken());
  });

  test("AdminSetUserMFAPreference refuses a user without a verified token; three wrong codes end the session", async () => {
    await assert.rejects(
      pool.cognito.send(
        new AdminSetUserMFAPreferenceCommand({
          UserPoolId: OPTIONAL_POOL,
          Username: "ted",
          SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
        }),
      ),
      (err: Error) =>
        err.name === "InvalidParameterException" && /not verified software token/.test(err.message),
    );
    configureAmplify(pool.url, OPTIONAL_POOL, OPTIONAL_CLIENT);
    assert.equal((await signIn({ username: "tom", password: PASSWORD })).isSignedIn, true);
    const secret = (await setUpTOTP()).sharedSecret;
    await verifyTOTPSetup({ code: codeFor(secret) });
    await updateMFAPreference({ totp: "PREFERRED" });
    await signOut();
    const first = await signIn({ username: "tom", password: PASSWORD });
    assert.equal(first.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_TOTP_CODE");
    for (let i = 0; i < 3; i++)
      await assert.rejects(
        confirmSignIn({ challengeResponse: wrongCode(secret) }),
        (err: Error) => err.name === "CodeMismatchException",
      );
    await assert.rejects(
      confirmSignIn({ challengeResponse: codeFor(secret) }),
      (err: Error) => err.name === "NotAuthorizedException",
    );
    // An admin can turn it off again.
    await pool.cognito.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: OPTIONAL_POOL,
        Username: "tom",
        SoftwareTokenMfaSettings: { Enabled: false },
      }),
    );
    assert.equal((await signIn({ username: "tom", password: PASSWORD })).isSignedIn, true);
    await signOut();
  });
});
