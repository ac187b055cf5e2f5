import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AdminInitiateAuthCommand, InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { JwtVerifier } from "aws-jwt-verify";
import { validateCognitoJwtFields } from "aws-jwt-verify/cognito-verifier";
import {
  CognitoJwtInvalidClientIdError,
  CognitoJwtInvalidTokenUseError,
  JwtExpiredError,
  JwtInvalidIssuerError,
  JwtInvalidSignatureError,
} from "aws-jwt-verify/error";
import {
  claimsOf,
  cognitoVerifier,
  headerOf,
  httpJwksCache,
  PASSWORD,
  startTestPool,
  type TestPool,
} from "./harness.ts";

const POOL_ID = "us-east-1_TokenTest1";
const CLIENT_ID = "tokentestclient00000000000";
const OTHER_CLIENT_ID = "othertestclient00000000000";

const seed = {
  pools: [
    {
      id: POOL_ID,
      name: "tokens",
      clients: [
        { id: CLIENT_ID, name: "app" },
        { id: OTHER_CLIENT_ID, name: "other" },
      ],
      groups: [
        { name: "admin", precedence: 1 },
        { name: "editor", precedence: 5 },
      ],
      users: [
        {
          username: "alice",
          password: PASSWORD,
          attributes: { email: "alice@example.com", name: "Alice" },
          groups: ["editor", "admin"],
        },
        { username: "bob", password: PASSWORD, attributes: { email: "bob@example.com" } },
      ],
    },
  ],
};

let pool: TestPool;
let issuer: string;

before(async () => {
  pool = await startTestPool({ seed });
  issuer = `${pool.publicUrl}/${POOL_ID}`;
});
after(() => pool.cleanup());

async function signIn(username: string, clientId = CLIENT_ID) {
  const res = await pool.cognito.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: username, PASSWORD },
    }),
  );
  return res.AuthenticationResult!;
}

test("seeding reports the ids the app needs, and the issuer is http://localhost:<port>/<poolId>", () => {
  const seeded = pool.running.seed?.pools[0];
  assert.equal(seeded?.id, POOL_ID);
  assert.equal(seeded?.issuer, issuer);
  assert.match(issuer, /^http:\/\/localhost:\d+\/us-east-1_TokenTest1$/);
  assert.deepEqual(
    seeded?.clients.map((c) => c.id),
    [CLIENT_ID, OTHER_CLIENT_ID],
  );
  assert.deepEqual(seeded?.groups, ["admin", "editor"]);
});

test("discovery and JWKS: two stable RS256 keys with distinct kids", async () => {
  const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<
    string,
    unknown
  >;
  assert.equal(discovery["issuer"], issuer);
  assert.equal(discovery["jwks_uri"], `${issuer}/.well-known/jwks.json`);
  assert.equal(discovery["authorization_endpoint"], `${pool.publicUrl}/oauth2/authorize`);
  assert.equal(discovery["token_endpoint"], `${pool.publicUrl}/oauth2/token`);
  assert.equal(discovery["userinfo_endpoint"], `${pool.publicUrl}/oauth2/userInfo`);
  assert.equal(discovery["revocation_endpoint"], `${pool.publicUrl}/oauth2/revoke`);
  assert.equal(discovery["end_session_endpoint"], `${pool.publicUrl}/logout`);
  const jwksRes = await fetch(`${issuer}/.well-known/jwks.json`);
  assert.equal(jwksRes.headers.get("access-control-allow-origin"), "*");
  const jwks = (await jwksRes.json()) as { keys: Record<string, string>[] };
  assert.equal(jwks.keys.length, 2);
  for (const key of jwks.keys) {
    assert.equal(key["alg"], "RS256");
    assert.equal(key["kty"], "RSA");
    assert.equal(key["use"], "sig");
    assert.equal(key["e"], "AQAB");
    assert.match(key["kid"] ?? "", /^[A-Za-z0-9+/]{43}=$/);
    assert.equal(key["d"], undefined, "private parts must never be published");
  }
  assert.notEqual(jwks.keys[0]?.["kid"], jwks.keys[1]?.["kid"]);
  assert.equal((await fetch(`${pool.url}/us-east-1_Nope/.well-known/jwks.json`)).status, 404);
});

test("aws-jwt-verify verifies ID and access tokens; the claim sets are Cognito's", async () => {
  const tokens = await signIn("alice");
  const id = await cognitoVerifier(issuer, CLIENT_ID, "id").verify(tokens.IdToken!);
  const access = await cognitoVerifier(issuer, CLIENT_ID, "access").verify(tokens.AccessToken!);
  assert.notEqual(headerOf(tokens.IdToken!)["kid"], headerOf(tokens.AccessToken!)["kid"]);
  assert.deepEqual(Object.keys(headerOf(tokens.IdToken!)).sort(), ["alg", "kid"]);

  assert.equal(id["token_use"], "id");
  assert.equal(id.aud, CLIENT_ID);
  assert.equal(id["cognito:username"], "alice");
  assert.deepEqual(id["cognito:groups"], ["admin", "editor"], "ordered by precedence");
  assert.equal(id["email"], "alice@example.com");
  assert.equal(id["email_verified"], true, "email_verified is a boolean in the ID token");
  assert.equal(id["name"], "Alice");
  assert.match(String(id.sub), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(typeof id["auth_time"], "number");
  assert.equal(id.exp! - id.iat!, 3600);
  assert.equal(id["at_hash"], undefined, "at_hash only from the hosted UI");

  assert.equal(access["token_use"], "access");
  assert.equal(access["client_id"], CLIENT_ID);
  assert.equal(access.aud, undefined, "Cognito access tokens have no aud");
  assert.equal(access["username"], "alice");
  assert.equal(access["scope"], "aws.cognito.signin.user.admin");
  assert.equal(access["version"], 2);
  assert.deepEqual(access["cognito:groups"], ["admin", "editor"]);
  assert.equal(access["origin_jti"], id["origin_jti"]);
  assert.notEqual(access.jti, id.jti);
  assert.equal(access.sub, id.sub);

  const bob = await signIn("bob");
  assert.equal("cognito:groups" in claimsOf(bob.IdToken!), false, "no cognito:groups when the user has none");
  assert.equal("cognito:groups" in claimsOf(bob.AccessToken!), false);
});

test("refresh keeps origin_jti and auth_time and issues no new refresh token", async () => {
  const first = await signIn("alice");
  pool.clock.advance(5000);
  const refreshed = (
    await pool.cognito.send(
      new InitiateAuthCommand({
        ClientId: CLIENT_ID,
        AuthFlow: "REFRESH_TOKEN_AUTH",
        AuthParameters: { REFRESH_TOKEN: first.RefreshToken! },
      }),
    )
  ).AuthenticationResult!;
  assert.equal(refreshed.RefreshToken, undefined);
  const a = claimsOf(first.AccessToken!);
  const b = await cognitoVerifier(issuer, CLIENT_ID, "access").verify(refreshed.AccessToken!);
  assert.equal(b["origin_jti"], a["origin_jti"]);
  assert.equal(b["auth_time"], a["auth_time"]);
  assert.ok((b.iat ?? 0) > Number(a["iat"]));
});

test("verifiers reject a tampered token, a wrong client, a wrong token_use, a wrong issuer and an expired token", async () => {
  const tokens = await signIn("alice");
  const [h, p, s] = tokens.IdToken!.split(".");
  const forged = Buffer.from(
    JSON.stringify({ ...claimsOf(tokens.IdToken!), "cognito:groups": ["superuser"] }),
  ).toString("base64url");
  await assert.rejects(
    cognitoVerifier(issuer, CLIENT_ID, "id").verify(`${h}.${forged}.${s}`),
    JwtInvalidSignatureError,
  );
  assert.ok(p);
  await assert.rejects(
    cognitoVerifier(issuer, OTHER_CLIENT_ID, "id").verify(tokens.IdToken!),
    CognitoJwtInvalidClientIdError,
  );
  await assert.rejects(
    cognitoVerifier(issuer, OTHER_CLIENT_ID, "access").verify(tokens.AccessToken!),
    CognitoJwtInvalidClientIdError,
  );
  await assert.rejects(
    cognitoVerifier(issuer, CLIENT_ID, "access").verify(tokens.IdToken!),
    CognitoJwtInvalidTokenUseError,
  );
  await assert.rejects(
    cognitoVerifier(issuer, CLIENT_ID, "id").verify(tokens.AccessToken!),
    CognitoJwtInvalidTokenUseError,
  );
  const elsewhere = JwtVerifier.create(
    {
      issuer: "http://localhost:1/us-east-1_TokenTest1",
      audience: null,
      jwksUri: `${issuer}/.well-known/jwks.json`,
      customJwtCheck: ({ payload }) =>
        validateCognitoJwtFields(payload, { tokenUse: "id", clientId: CLIENT_ID }),
    },
    { jwksCache: httpJwksCache() },
  );
  await assert.rejects(elsewhere.verify(tokens.IdToken!), JwtInvalidIssuerError);

  // Tokens issued two hours ago (the pool's clock moved back) are past their one-hour lifetime now.
  pool.clock.advance(-2 * 3600_000);
  const old = await signIn("bob");
  pool.clock.advance(2 * 3600_000);
  await assert.rejects(
    cognitoVerifier(issuer, CLIENT_ID, "access").verify(old.AccessToken!),
    JwtExpiredError,
  );
  await assert.rejects(cognitoVerifier(issuer, CLIENT_ID, "id").verify(old.IdToken!), JwtExpiredError);
});

test("a restart keeps users, groups, signing keys and refresh tokens", async () => {
  const fixedIssuerBase = "http://localhost:9229";
  let first = await startTestPool({ seed, publicUrl: fixedIssuerBase });
  const tokens = (
    await first.cognito.send(
      new AdminInitiateAuthCommand({
        UserPoolId: POOL_ID,
        ClientId: CLIENT_ID,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: "alice", PASSWORD },
      }),
    )
  ).AuthenticationResult!;
  const jwksBefore = await (await fetch(`${first.url}/${POOL_ID}/.well-known/jwks.json`)).json();
  await first.stop();
  first = await startTestPool({ dir: first.dir, seed, publicUrl: fixedIssuerBase });
  try {
    const jwksAfter = await (await fetch(`${first.url}/${POOL_ID}/.well-known/jwks.json`)).json();
    assert.deepEqual(jwksAfter, jwksBefore);
    const verifier = JwtVerifier.create(
      {
        issuer: `${fixedIssuerBase}/${POOL_ID}`,
        audience: null,
        jwksUri: `${first.url}/${POOL_ID}/.well-known/jwks.json`,
        customJwtCheck: ({ payload }) =>
          validateCognitoJwtFields(payload, { tokenUse: "access", clientId: CLIENT_ID }),
      },
      { jwksCache: httpJwksCache() },
    );
    await verifier.verify(tokens.AccessToken!);
    const refreshed = await first.cognito.send(
      new InitiateAuthCommand({
        ClientId: CLIENT_ID,
        AuthFlow: "REFRESH_TOKEN_AUTH",
        AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! },
      }),
    );
    const claims = await verifier.verify(refreshed.AuthenticationResult!.AccessToken!);
    assert.deepEqual(claims["cognito:groups"], ["admin", "editor"]);
    assert.equal(first.running.seed?.pools[0]?.users.length, 2, "re-seeding is idempotent");
    assert.equal((await first.ctx.stores.users.listByPool(POOL_ID)).length, 2);
  } finally {
    await first.cleanup();
  }
});
