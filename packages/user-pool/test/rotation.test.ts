/** Issue 12: refresh-token rotation as a client setting, with GetTokensFromRefreshToken (SDK and Amplify v6). */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { fetchAuthSession, signIn, signOut } from "@aws-amplify/auth";
import {
  CreateUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  GetTokensFromRefreshTokenCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { cognitoVerifier, PASSWORD, rejectsWith, startTestPool, type TestPool } from "./harness.ts";
import { configureAmplify } from "./node-clients.ts";

const POOL_ID = "us-east-1_Rotation01";
let pool: TestPool;
before(async () => {
  pool = await startTestPool({
    seed: { pools: [{ id: POOL_ID, name: "rotation", users: [{ username: "rita", password: PASSWORD }] }] },
  });
});
after(() => pool.cleanup());

async function rotatingClient(grace: number): Promise<string> {
  const { UserPoolClient } = await pool.cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: POOL_ID,
      ClientName: `rotating-${grace}`,
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      RefreshTokenRotation: { Feature: "ENABLED", RetryGracePeriodSeconds: grace },
    }),
  );
  return UserPoolClient?.ClientId ?? "";
}

async function signInWith(ClientId: string) {
  const out = await pool.cognito.send(
    new InitiateAuthCommand({
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId,
      AuthParameters: { USERNAME: "rita", PASSWORD },
    }),
  );
  return out.AuthenticationResult ?? {};
}

const refresh = (ClientId: string, RefreshToken: string) =>
  pool.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId, RefreshToken }));

test("each refresh returns a new token; the old one is a reuse; REFRESH_TOKEN_AUTH is refused", async () => {
  const ClientId = await rotatingClient(0);
  const described = await pool.cognito.send(
    new DescribeUserPoolClientCommand({ UserPoolId: POOL_ID, ClientId }),
  );
  assert.deepEqual(described.UserPoolClient?.RefreshTokenRotation, {
    Feature: "ENABLED",
    RetryGracePeriodSeconds: 0,
  });
  const first = await signInWith(ClientId);
  const r1 = await refresh(ClientId, first.RefreshToken ?? "");
  const second = r1.AuthenticationResult?.RefreshToken ?? "";
  assert.ok(second && second !== first.RefreshToken);
  await cognitoVerifier(`${pool.publicUrl}/${POOL_ID}`, ClientId, "access").verify(
    r1.AuthenticationResult?.AccessToken ?? "",
  );
  await rejectsWith(refresh(ClientId, first.RefreshToken ?? ""), "RefreshTokenReuseException");
  const r2 = await refresh(ClientId, second);
  assert.ok(r2.AuthenticationResult?.RefreshToken);
  await rejectsWith(
    pool.cognito.send(
      new InitiateAuthCommand({
        AuthFlow: "REFRESH_TOKEN_AUTH",
        ClientId,
        AuthParameters: { REFRESH_TOKEN: r2.AuthenticationResult?.RefreshToken ?? "" },
      }),
    ),
    "NotAuthorizedException",
  );
  // The chain is still one sign-in: a global sign-out ends the newest token too.
  await pool.cognito.send(new GlobalSignOutCommand({ AccessToken: r2.AuthenticationResult?.AccessToken }));
  await rejectsWith(refresh(ClientId, r2.AuthenticationResult?.RefreshToken ?? ""), "NotAuthorizedException");
});

test("the grace period lets a retry through, then the old token is a reuse", async () => {
  const ClientId = await rotatingClient(60);
  const first = await signInWith(ClientId);
  await refresh(ClientId, first.RefreshToken ?? "");
  const retried = await refresh(ClientId, first.RefreshToken ?? "");
  assert.ok(retried.AuthenticationResult?.AccessToken);
  pool.clock.advance(61_000);
  await rejectsWith(refresh(ClientId, first.RefreshToken ?? ""), "RefreshTokenReuseException");
  await rejectsWith(
    pool.cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: POOL_ID,
        ClientName: "bad",
        RefreshTokenRotation: { Feature: "ENABLED", RetryGracePeriodSeconds: 61 },
      }),
    ),
    "InvalidParameterException",
  );
});

test("Amplify v6 keeps refreshing with a rotating client", async () => {
  const ClientId = await rotatingClient(0);
  configureAmplify(pool.url, POOL_ID, ClientId);
  assert.equal((await signIn({ username: "rita", password: PASSWORD })).isSignedIn, true);
  const a = await fetchAuthSession({ forceRefresh: true });
  const b = await fetchAuthSession({ forceRefresh: true });
  assert.ok(a.tokens?.accessToken && b.tokens?.accessToken);
  assert.notEqual(a.tokens?.accessToken.toString(), b.tokens?.accessToken.toString());
  await signOut();
});
