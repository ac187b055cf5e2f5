/**
 * Issue 12: USER_SRP_AUTH → PASSWORD_VERIFIER with the two browser libraries, unchanged, in Node —
 * amazon-cognito-identity-js 6.3 and @aws-amplify/auth 6 — plus NEW_PASSWORD_REQUIRED after SRP, the
 * path for users whose password predates SRP, GetTokensFromRefreshToken, and attacks on the protocol.
 */
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { confirmSignIn, fetchAuthSession, signIn, signOut } from "@aws-amplify/auth";
import {
  AdminCreateUserCommand,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import * as identityJs from "amazon-cognito-identity-js";
import { AuthenticationDetails, type CognitoUser, type CognitoUserSession } from "amazon-cognito-identity-js";
import {
  cognitoVerifier,
  PASSWORD,
  rejectsWith,
  startTestPool,
  type TestPool,
  usersWithEmail,
} from "./harness.ts";
import { configureAmplify, identityJsUser } from "./node-clients.ts";

const POOL_ID = "us-east-1_SrpTests01";
const CLIENT_ID = "srptestsclient000000000000";
const ENABLED_CLIENT = "srptestsenabled00000000000";
const SRP_OFF_CLIENT = "srptestsnosrp0000000000000";
const seed = {
  pools: [
    {
      id: POOL_ID,
      name: "srp",
      clients: [
        { id: CLIENT_ID, name: "spa" },
        { id: ENABLED_CLIENT, name: "enabled", preventUserExistenceErrors: "ENABLED" },
      ],
      users: usersWithEmail(["alice", "bob", "legacy", "amy"]),
    },
  ],
};

/** The library's own SRP helpers: exported at runtime, absent from its type declarations. */
type Callback<T> = (err: unknown, value: T) => void;
interface SrpHelper {
  getLargeAValue(cb: Callback<{ toString(radix: number): string }>): void;
  getPasswordAuthenticationKey(
    username: string,
    password: string,
    B: unknown,
    salt: unknown,
    cb: Callback<Buffer>,
  ): void;
}
const { AuthenticationHelper, DateHelper } = identityJs as unknown as {
  AuthenticationHelper: new (poolName: string) => SrpHelper;
  DateHelper: new () => { getNowString(): string };
};

let pool: TestPool;
before(async () => {
  pool = await startTestPool({ seed });
  await pool.ctx.stores.clients.insert({
    id: SRP_OFF_CLIENT,
    poolId: POOL_ID,
    name: "no-srp",
    secret: null,
    settings: {
      ...((await pool.ctx.stores.clients.get(CLIENT_ID))?.settings ?? ({} as never)),
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    },
    createdAt: 0,
    updatedAt: 0,
  });
});
after(() => pool.cleanup());

function identityUser(username: string, clientId = CLIENT_ID): CognitoUser {
  return identityJsUser(pool.url, POOL_ID, clientId, username);
}

type Outcome =
  | { kind: "success"; session: CognitoUserSession }
  | { kind: "failure"; error: Error & { code?: string } }
  | { kind: "new-password"; user: CognitoUser };

function authenticate(user: CognitoUser, password: string): Promise<Outcome> {
  return new Promise((resolve) =>
    user.authenticateUser(new AuthenticationDetails({ Username: user.getUsername(), Password: password }), {
      onSuccess: (session) => resolve({ kind: "success", session }),
      onFailure: (error) => resolve({ kind: "failure", error }),
      newPasswordRequired: () => resolve({ kind: "new-password", user }),
    }),
  );
}

async function assertTokens(accessToken: string, idToken: string, username: string, clientId = CLIENT_ID) {
  const issuer = `${pool.publicUrl}/${POOL_ID}`;
  const access = await cognitoVerifier(issuer, clientId, "access").verify(accessToken);
  const id = await cognitoVerifier(issuer, clientId, "id").verify(idToken);
  assert.equal(access["username"], username);
  assert.equal(id["cognito:username"], username);
}

describe("amazon-cognito-identity-js (authenticateUser, default USER_SRP_AUTH)", () => {
  test("signs in; the tokens verify with aws-jwt-verify", async () => {
    const outcome = await authenticate(identityUser("alice"), PASSWORD);
    assert.equal(outcome.kind, "success", JSON.stringify(outcome));
    if (outcome.kind !== "success") return;
    await assertTokens(
      outcome.session.getAccessToken().getJwtToken(),
      outcome.session.getIdToken().getJwtToken(),
      "alice",
    );
    // identity-js refreshes with REFRESH_TOKEN_AUTH.
    const refreshed = await new Promise<CognitoUserSession>((resolve, reject) =>
      identityUser("alice").refreshSession(outcome.session.getRefreshToken(), (err, s) =>
        err ? reject(err) : resolve(s),
      ),
    );
    await assertTokens(
      refreshed.getAccessToken().getJwtToken(),
      refreshed.getIdToken().getJwtToken(),
      "alice",
    );
  });

  test("a wrong password is NotAuthorizedException", async () => {
    const outcome = await authenticate(identityUser("bob"), "Wrong-Pass-9");
    assert.equal(outcome.kind, "failure");
    if (outcome.kind === "failure") {
      assert.equal(outcome.error.code, "NotAuthorizedException");
      assert.equal(outcome.error.message, "Incorrect username or password.");
    }
  });

  test("an admin-created user gets NEW_PASSWORD_REQUIRED after SRP, then signs in with the new password", async () => {
    await pool.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: POOL_ID,
        Username: "newbie",
        TemporaryPassword: "Temp-Pass-123",
        MessageAction: "SUPPRESS",
      }),
    );
    const user = identityUser("newbie");
    const outcome = await authenticate(user, "Temp-Pass-123");
    assert.equal(outcome.kind, "new-password");
    const session = await new Promise<CognitoUserSession>((resolve, reject) =>
      user.completeNewPasswordChallenge("Chosen-Pass-456", {}, { onSuccess: resolve, onFailure: reject }),
    );
    await assertTokens(session.getAccessToken().getJwtToken(), session.getIdToken().getJwtToken(), "newbie");
    const again = await authenticate(identityUser("newbie"), "Chosen-Pass-456");
    assert.equal(again.kind, "success");
    assert.equal((await authenticate(identityUser("newbie"), "Temp-Pass-123")).kind, "failure");
  });

  test("a password set before SRP existed: SRP fails until one plain sign-in stores a verifier", async () => {
    await pool.ctx.stores.db
      .updateTable("users")
      .set({ srp_salt: null, srp_verifier: null })
      .where("username", "=", "legacy")
      .execute();
    const before = await authenticate(identityUser("legacy"), PASSWORD);
    assert.equal(before.kind, "failure");
    if (before.kind === "failure") assert.equal(before.error.code, "NotAuthorizedException");
    await pool.cognito.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: CLIENT_ID,
        AuthParameters: { USERNAME: "legacy", PASSWORD },
      }),
    );
    assert.equal((await authenticate(identityUser("legacy"), PASSWORD)).kind, "success");
  });

  test("unknown users: UserNotFoundException (LEGACY) or a wrong-password answer (ENABLED)", async () => {
    const legacy = await authenticate(identityUser("nobody"), PASSWORD);
    assert.ok(legacy.kind === "failure" && legacy.error.code === "UserNotFoundException");
    const enabled = await authenticate(identityUser("nobody", ENABLED_CLIENT), PASSWORD);
    assert.ok(
      enabled.kind === "failure" && enabled.error.code === "NotAuthorizedException",
      JSON.stringify(enabled),
    );
    assert.equal(enabled.kind === "failure" && enabled.error.message, "Incorrect username or password.");
  });

  test("a client without ALLOW_USER_SRP_AUTH refuses the flow", async () => {
    const outcome = await authenticate(identityUser("alice", SRP_OFF_CLIENT), PASSWORD);
    assert.ok(outcome.kind === "failure" && outcome.error.code === "InvalidParameterException");
  });
});

describe("the PASSWORD_VERIFIER step under attack (client math from identity-js's AuthenticationHelper)", () => {
  async function challenge(username: string) {
    const helper = new AuthenticationHelper("SrpTests01");
    const A = await new Promise<{ toString(radix: number): string }>((resolve, reject) =>
      helper.getLargeAValue((err: unknown, a: { toString(radix: number): string }) =>
        err ? reject(err) : resolve(a),
      ),
    );
    const started = await pool.cognito.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_SRP_AUTH",
        ClientId: CLIENT_ID,
        AuthParameters: { USERNAME: username, SRP_A: A.toString(16) },
      }),
    );
    const p = started.ChallengeParameters ?? {};
    const BigInteger = (
      helper as unknown as { N: { constructor: new (hex: string, radix: number) => unknown } }
    ).N.constructor;
    const key = await new Promise<Buffer>((resolve, reject) =>
      helper.getPasswordAuthenticationKey(
        p["USER_ID_FOR_SRP"] ?? "",
        PASSWORD,
        new BigInteger(p["SRP_B"] ?? "", 16),
        new BigInteger(p["SALT"] ?? "", 16),
        (err, k) => (err ? reject(err) : resolve(k)),
      ),
    );
    const timestamp = new DateHelper().getNowString();
    const signature = (block: string, ts: string) =>
      createHmac("sha256", key)
        .update(
          Buffer.concat([
            Buffer.from("SrpTests01"),
            Buffer.from(p["USER_ID_FOR_SRP"] ?? ""),
            Buffer.from(block, "base64"),
            Buffer.from(ts),
          ]),
        )
        .digest("base64");
    const answer = (overrides: Record<string, string> = {}, session = started.Session) =>
      pool.cognito.send(
        new RespondToAuthChallengeCommand({
          ClientId: CLIENT_ID,
          ChallengeName: "PASSWORD_VERIFIER",
          Session: session,
          ChallengeResponses: {
            USERNAME: p["USER_ID_FOR_SRP"] ?? "",
            PASSWORD_CLAIM_SECRET_BLOCK: p["SECRET_BLOCK"] ?? "",
            TIMESTAMP: timestamp,
            PASSWORD_CLAIM_SIGNATURE: signature(p["SECRET_BLOCK"] ?? "", timestamp),
            ...overrides,
          },
        }),
      );
    return { parameters: p, answer, signature, timestamp };
  }

  test("a correct proof works once; the session cannot be replayed", async () => {
    const c = await challenge("amy");
    assert.match(c.parameters["SALT"] ?? "", /^[0-9a-f]{32}$/);
    assert.equal(c.parameters["USERNAME"], "amy");
    const ok = await c.answer();
    assert.ok(ok.AuthenticationResult?.AccessToken);
    await rejectsWith(c.answer(), "NotAuthorizedException", /session is expired/);
  });

  test("a forged signature, another secret block or another user's name are wrong passwords", async () => {
    const forged = await challenge("amy");
    await rejectsWith(
      forged.answer({ PASSWORD_CLAIM_SIGNATURE: Buffer.alloc(32).toString("base64") }),
      "NotAuthorizedException",
      /^Incorrect username or password\.$/,
    );
    // The session died with the failed answer: even the right proof is refused now.
    await rejectsWith(forged.answer(), "NotAuthorizedException", /session is expired/);
    const block = await challenge("amy");
    const other = Buffer.alloc(64, 7).toString("base64");
    await rejectsWith(
      block.answer({
        PASSWORD_CLAIM_SECRET_BLOCK: other,
        PASSWORD_CLAIM_SIGNATURE: block.signature(other, block.timestamp),
      }),
      "NotAuthorizedException",
    );
    const name = await challenge("amy");
    await rejectsWith(name.answer({ USERNAME: "alice" }), "NotAuthorizedException");
  });

  test("TIMESTAMP must be in the clients' format and within 5 minutes", async () => {
    const bad = await challenge("amy");
    await rejectsWith(bad.answer({ TIMESTAMP: "2025-01-01T00:00:00Z" }), "InvalidParameterException");
    const old = await challenge("amy");
    const stale = "Mon Jan 6 09:04:05 UTC 2020";
    await rejectsWith(
      old.answer({
        TIMESTAMP: stale,
        PASSWORD_CLAIM_SIGNATURE: old.signature(old.parameters["SECRET_BLOCK"] ?? "", stale),
      }),
      "NotAuthorizedException",
    );
  });

  test("A ≡ 0 mod N is refused", async () => {
    await rejectsWith(
      pool.cognito.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_SRP_AUTH",
          ClientId: CLIENT_ID,
          AuthParameters: { USERNAME: "amy", SRP_A: "0" },
        }),
      ),
      "InvalidParameterException",
    );
  });
});

describe("@aws-amplify/auth v6 in Node (Amplify.configure with userPoolEndpoint)", () => {
  before(() => {
    configureAmplify(pool.url, POOL_ID, CLIENT_ID);
  });

  test("signIn (default SRP) and fetchAuthSession({forceRefresh}) via GetTokensFromRefreshToken", async () => {
    const result = await signIn({ username: "alice", password: PASSWORD });
    assert.deepEqual(result, { isSignedIn: true, nextStep: { signInStep: "DONE" } });
    const first = await fetchAuthSession();
    const refreshed = await fetchAuthSession({ forceRefresh: true });
    const access = refreshed.tokens?.accessToken.toString() ?? "";
    assert.notEqual(access, first.tokens?.accessToken.toString());
    await assertTokens(access, refreshed.tokens?.idToken?.toString() ?? "", "alice");
    await signOut();
  });

  test("confirmSignIn answers NEW_PASSWORD_REQUIRED for an admin-created user", async () => {
    await pool.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: POOL_ID,
        Username: "amplified",
        TemporaryPassword: "Temp-Pass-789",
        MessageAction: "SUPPRESS",
      }),
    );
    const first = await signIn({ username: "amplified", password: "Temp-Pass-789" });
    assert.equal(first.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED");
    const done = await confirmSignIn({ challengeResponse: "Amplified-Pass-1" });
    assert.equal(done.isSignedIn, true);
    const session = await fetchAuthSession();
    await assertTokens(
      session.tokens?.accessToken.toString() ?? "",
      session.tokens?.idToken?.toString() ?? "",
      "amplified",
    );
    await signOut();
    assert.equal((await signIn({ username: "amplified", password: "Amplified-Pass-1" })).isSignedIn, true);
    await signOut();
  });

  test("a wrong password is NotAuthorizedException", async () => {
    await assert.rejects(
      signIn({ username: "bob", password: "Wrong-Pass-9" }),
      (err: Error) => err.name === "NotAuthorizedException",
    );
  });
});

describe("GetTokensFromRefreshToken with the AWS SDK", () => {
  test("new access and ID tokens, no rotation; a bad token is NotAuthorizedException", async () => {
    const signedIn = await pool.cognito.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: CLIENT_ID,
        AuthParameters: { USERNAME: "bob", PASSWORD },
      }),
    );
    const refresh = signedIn.AuthenticationResult?.RefreshToken ?? "";
    const out = await pool.cognito.send(
      new GetTokensFromRefreshTokenCommand({ ClientId: CLIENT_ID, RefreshToken: refresh }),
    );
    assert.equal(out.AuthenticationResult?.RefreshToken, undefined);
    await assertTokens(
      out.AuthenticationResult?.AccessToken ?? "",
      out.AuthenticationResult?.IdToken ?? "",
      "bob",
    );
    await assert.rejects(
      pool.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: CLIENT_ID, RefreshToken: "nope" })),
      (err: Error) => err.name === "NotAuthorizedException",
    );
    await assert.rejects(
      pool.cognito.send(
        new GetTokensFromRefreshTokenCommand({ ClientId: ENABLED_CLIENT, RefreshToken: refresh }),
      ),
      (err: Error) => err.name === "NotAuthorizedException",
    );
  });
});
