/**
 * Issue 12, choice-based sign-in (USER_AUTH) with PASSWORD and PASSWORD_SRP: Amplify v6 in Node and the
 * AWS SDK.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { confirmSignIn, fetchAuthSession, signIn, signOut } from "@aws-amplify/auth";
import {
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { cognitoVerifier, PASSWORD, startTestPool, type TestPool } from "./harness.ts";
import { configureAmplify } from "./node-clients.ts";

const POOL_ID = "us-east-1_UserAuth01";
const CLIENT_ID = "userauthclient000000000000";
const PLAIN_CLIENT = "userauthplain0000000000000";
const seed = {
  pools: [
    {
      id: POOL_ID,
      name: "user-auth",
      clients: [
        { id: CLIENT_ID, name: "choice", explicitAuthFlows: ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] },
        { id: PLAIN_CLIENT, name: "plain" },
      ],
      users: [{ username: "uma", password: PASSWORD, attributes: { email: "uma@example.com" } }],
    },
  ],
};

let pool: TestPool;
before(async () => {
  pool = await startTestPool({ seed });
  configureAmplify(pool.url, POOL_ID, CLIENT_ID);
});
after(() => pool.cleanup());

async function assertSignedIn(username: string) {
  const session = await fetchAuthSession();
  const claims = await cognitoVerifier(`${pool.publicUrl}/${POOL_ID}`, CLIENT_ID, "access").verify(
    session.tokens?.accessToken.toString() ?? "",
  );
  assert.equal(claims["username"], username);
  await signOut();
}

describe("Amplify v6 signIn with authFlowType USER_AUTH", () => {
  test("preferredChallenge PASSWORD_SRP signs in at once", async () => {
    const result = await signIn({
      username: "uma",
      password: PASSWORD,
      options: { authFlowType: "USER_AUTH", preferredChallenge: "PASSWORD_SRP" },
    });
    assert.equal(result.isSignedIn, true, JSON.stringify(result));
    await assertSignedIn("uma");
  });

  test("preferredChallenge PASSWORD signs in at once", async () => {
    const result = await signIn({
      username: "uma",
      password: PASSWORD,
      options: { authFlowType: "USER_AUTH", preferredChallenge: "PASSWORD" },
    });
    assert.equal(result.isSignedIn, true, JSON.stringify(result));
    await assertSignedIn("uma");
  });

  for (const factor of ["PASSWORD", "PASSWORD_SRP"] as const)
    test(`no preference: first-factor selection, then ${factor}`, async () => {
      const first = await signIn({ username: "uma", options: { authFlowType: "USER_AUTH" } });
      assert.equal(first.nextStep.signInStep, "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION");
      assert.deepEqual((first.nextStep as { availableChallenges?: string[] }).availableChallenges, [
        "PASSWORD",
        "PASSWORD_SRP",
      ]);
      const chosen = await confirmSignIn({ challengeResponse: factor });
      assert.equal(chosen.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_PASSWORD");
      const done = await confirmSignIn({ challengeResponse: PASSWORD });
      assert.equal(done.isSignedIn, true, JSON.stringify(done));
      await assertSignedIn("uma");
    });

  test("a wrong password is refused", async () => {
    await assert.rejects(
      signIn({
        username: "uma",
        password: "Wrong-Pass-1",
        options: { authFlowType: "USER_AUTH", preferredChallenge: "PASSWORD" },
      }),
      (err: Error) => err.name === "NotAuthorizedException",
    );
  });
});

describe("USER_AUTH on the wire", () => {
  test("unknown users look like real ones; a client without ALLOW_USER_AUTH refuses the flow", async () => {
    const real = await pool.cognito.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_AUTH",
        ClientId: CLIENT_ID,
        AuthParameters: { USERNAME: "uma" },
      }),
    );
    const ghost = await pool.cognito.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_AUTH",
        ClientId: CLIENT_ID,
        AuthParameters: { USERNAME: "ghost" },
      }),
    );
    assert.equal(real.ChallengeName, "SELECT_CHALLENGE");
    assert.equal(ghost.ChallengeName, "SELECT_CHALLENGE");
    assert.deepEqual(real.AvailableChallenges, ghost.AvailableChallenges);
    await assert.rejects(
      pool.cognito.send(
        new RespondToAuthChallengeCommand({
          ClientId: CLIENT_ID,
          ChallengeName: "SELECT_CHALLENGE",
          Session: ghost.Session,
          ChallengeResponses: { USERNAME: "ghost", ANSWER: "PASSWORD", PASSWORD },
        }),
      ),
      (err: Error) =>
        err.name === "NotAuthorizedException" && err.message === "Incorrect username or password.",
    );
    // The select session is single use.
    const answer = () =>
      pool.cognito.send(
        new RespondToAuthChallengeCommand({
          ClientId: CLIENT_ID,
          ChallengeName: "SELECT_CHALLENGE",
          Session: real.Session,
          ChallengeResponses: { USERNAME: "uma", ANSWER: "PASSWORD", PASSWORD },
        }),
      );
    assert.ok((await answer()).AuthenticationResult?.AccessToken);
    await assert.rejects(answer(), (err: Error) => err.name === "NotAuthorizedException");
    await assert.rejects(
      pool.cognito.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_AUTH",
          ClientId: PLAIN_CLIENT,
          AuthParameters: { USERNAME: "uma" },
        }),
      ),
      (err: Error) => err.name === "InvalidParameterException",
    );
  });
});
