import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminUserGlobalSignOutCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import {
  Agent,
  claimsOf,
  cognitoVerifier,
  csrfOf,
  hostedSignIn,
  PASSWORD,
  pkce,
  startTestPool,
  type TestPool,
} from "./harness.ts";

const POOL_ID = "us-east-1_OAuthTest1";
const SPA = "spaclient00000000000000000";
const M2M = "m2mclient00000000000000000";
const M2M_SECRET = "m2msecret0000000000000000000000000000000000000000000";
const CALLBACK = "http://localhost:5173/callback";
const LOGOUT = "http://localhost:5173/signed-out";

const seed = {
  pools: [
    {
      id: POOL_ID,
      name: "oauth",
      resourceServers: [
        { identifier: "tasks", name: "Tasks API", scopes: [{ name: "read" }, { name: "write" }] },
      ],
      clients: [
        {
          id: SPA,
          name: "spa",
          callbackUrls: [CALLBACK],
          logoutUrls: [LOGOUT],
          oauthFlows: ["code", "implicit"],
        },
        {
          id: M2M,
          name: "worker",
          secret: M2M_SECRET,
          oauthFlows: ["client_credentials"],
          oauthScopes: ["tasks/read", "tasks/write"],
        },
      ],
      groups: [{ name: "viewer" }],
      users: [
        {
          username: "alice",
          password: PASSWORD,
          attributes: { email: "alice@example.com", name: "Alice", phone_number: "+15555550100" },
          groups: ["viewer"],
        },
        { username: "mallory", password: PASSWORD },
        {
          username: "temp",
          password: "Temp-Pass-1",
          temporaryPassword: true,
          attributes: { email: "temp@example.com" },
        },
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

function authorizeParams(extra: Record<string, string> = {}): Record<string, string> {
  return {
    client_id: SPA,
    response_type: "code",
    redirect_uri: CALLBACK,
    scope: "openid email profile",
    state: "st4te",
    ...extra,
  };
}

/** Signs in with PKCE and returns the code plus the verifier. */
async function codeFor(username = "alice", extra: Record<string, string> = {}) {
  const { verifier, challenge } = pkce();
  const agent = new Agent(pool.url);
  const res = await hostedSignIn(
    agent,
    authorizeParams({ code_challenge: challenge, code_challenge_method: "S256", ...extra }),
    username,
    PASSWORD,
  );
  assert.equal(res.status, 302, await res.clone().text());
  const location = new URL(res.headers.get("location")!);
  return { agent, verifier, code: location.searchParams.get("code")!, location };
}

async function token(form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${pool.url}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string>, headers: res.headers };
}

function redeem(code: string, verifier: string, extra: Record<string, string> = {}) {
  return token({
    grant_type: "authorization_code",
    client_id: SPA,
    code,
    redirect_uri: CALLBACK,
    code_verifier: verifier,
    ...extra,
  });
}

describe("authorization code flow", () => {
  test("authorize → /login → code in the query with state → tokens (PKCE S256)", async () => {
    const { code, verifier, location } = await codeFor();
    assert.equal(location.origin + location.pathname, CALLBACK);
    assert.equal(location.searchParams.get("state"), "st4te");
    assert.equal(location.hash, "");
    const res = await redeem(code, verifier);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    assert.equal(res.headers.get("cache-control"), "no-store");
    assert.equal(res.body["token_type"], "Bearer");
    assert.equal(res.body["expires_in"], 3600 as unknown as string);
    const id = await cognitoVerifier(issuer, SPA, "id").verify(res.body["id_token"]!);
    const access = await cognitoVerifier(issuer, SPA, "access").verify(res.body["access_token"]!);
    assert.equal(access["scope"], "openid email profile");
    assert.ok(id["at_hash"]);
    assert.deepEqual(id["cognito:groups"], ["viewer"]);
    assert.ok(res.body["refresh_token"]);
  });

  test("nonce goes into the ID token; without openid there is no ID token", async () => {
    const withNonce = await codeFor("alice", { nonce: "n-0S6_WzA2Mj" });
    const tokens = await redeem(withNonce.code, withNonce.verifier);
    assert.equal(claimsOf(tokens.body["id_token"]!)["nonce"], "n-0S6_WzA2Mj");
    const noOpenId = await codeFor("alice", { scope: "aws.cognito.signin.user.admin" });
    const t2 = await redeem(noOpenId.code, noOpenId.verifier);
    assert.equal(t2.status, 200);
    assert.equal(t2.body["id_token"], undefined);
  });

  test("a second /oauth2/authorize in the same browser signs in silently (1-hour session cookie)", async () => {
    const { agent } = await codeFor();
    const again = await agent.get(`/oauth2/authorize?${new URLSearchParams(authorizeParams())}`);
    assert.equal(again.status, 302);
    assert.ok(new URL(again.headers.get("location")!).searchParams.get("code"));
    pool.clock.advance(3601_000);
    const expired = await agent.get(`/oauth2/authorize?${new URLSearchParams(authorizeParams())}`);
    pool.clock.advance(-3601_000);
    assert.match(expired.headers.get("location") ?? "", /^\/login\?/);
  });

  test("implicit flow returns tokens in the fragment, never a refresh token", async () => {
    const res = await hostedSignIn(
      new Agent(pool.url),
      authorizeParams({ response_type: "token" }),
      "alice",
      PASSWORD,
    );
    const location = new URL(res.headers.get("location")!);
    assert.equal(location.search, "");
    const fragment = new URLSearchParams(location.hash.slice(1));
    assert.ok(fragment.get("access_token"));
    assert.ok(fragment.get("id_token"));
    assert.equal(fragment.get("refresh_token"), null);
    assert.equal(fragment.get("state"), "st4te");
  });
});

describe("negative protocol cases", () => {
  test("code reuse is invalid_grant and revokes the tokens of the first redemption", async () => {
    const { code, verifier } = await codeFor();
    const first = await redeem(code, verifier);
    assert.equal(first.status, 200);
    const second = await redeem(code, verifier);
    assert.equal(second.status, 400);
    assert.equal(second.body["error"], "invalid_grant");
    const refresh = await token({
      grant_type: "refresh_token",
      client_id: SPA,
      refresh_token: first.body["refresh_token"]!,
    });
    assert.equal(refresh.body["error"], "invalid_grant");
  });

  test("wrong PKCE verifier, missing verifier", async () => {
    const { code, verifier } = await codeFor();
    assert.equal((await redeem(code, pkce().verifier)).body["error"], "invalid_grant");
    assert.equal(
      (await token({ grant_type: "authorization_code", client_id: SPA, code, redirect_uri: CALLBACK })).body[
        "error"
      ],
      "invalid_grant",
    );
    // The failed attempts did not burn the code for its rightful owner.
    assert.equal((await redeem(code, verifier)).status, 200);
  });

  test("redirect_uri must match exactly at the token endpoint", async () => {
    const { code, verifier } = await codeFor();
    assert.equal(
      (await redeem(code, verifier, { redirect_uri: `${CALLBACK}/` })).body["error"],
      "invalid_grant",
    );
  });

  test("codes expire after five minutes", async () => {
    const { code, verifier } = await codeFor();
    pool.clock.advance(5 * 60_000 + 1000);
    try {
      assert.equal((await redeem(code, verifier)).body["error"], "invalid_grant");
    } finally {
      pool.clock.advance(-(5 * 60_000 + 1000));
    }
  });

  test("a code is bound to its client", async () => {
    const { code, verifier } = await codeFor();
    const res = await token(
      { grant_type: "authorization_code", code, redirect_uri: CALLBACK, code_verifier: verifier },
      { authorization: `Basic ${Buffer.from(`${M2M}:${M2M_SECRET}`).toString("base64")}` },
    );
    assert.equal(res.body["error"], "unauthorized_client");
  });

  test("unknown client and unregistered redirect_uri show the error page instead of redirecting", async () => {
    const unknown = await fetch(
      `${pool.url}/oauth2/authorize?${new URLSearchParams(authorizeParams({ client_id: "nosuchclient0000000000000" }))}`,
      {
        redirect: "manual",
      },
    );
    assert.equal(unknown.status, 302);
    assert.match(unknown.headers.get("location")!, /^\/error\?error=invalid_client/);
    const mismatch = await fetch(
      `${pool.url}/oauth2/authorize?${new URLSearchParams(authorizeParams({ redirect_uri: "https://evil.example/cb" }))}`,
      {
        redirect: "manual",
      },
    );
    assert.equal(mismatch.headers.get("location"), `/error?error=redirect_mismatch&client_id=${SPA}`);
    const page = await fetch(`${pool.url}${mismatch.headers.get("location")}`);
    assert.equal(page.status, 400);
    assert.match(await page.text(), /not registered/);
    const prefix = await fetch(
      `${pool.url}/oauth2/authorize?${new URLSearchParams(authorizeParams({ redirect_uri: `${CALLBACK}?next=https://evil.example` }))}`,
      {
        redirect: "manual",
      },
    );
    assert.match(prefix.headers.get("location")!, /^\/error\?error=redirect_mismatch/);
    const tokenUnknown = await token({
      grant_type: "refresh_token",
      client_id: "nosuchclient0000000000000",
      refresh_token: "x",
    });
    assert.equal(tokenUnknown.status, 400);
    assert.deepEqual(tokenUnknown.body, { error: "invalid_client" });
  });

  test("bad requests with a trusted redirect_uri go back with error and state", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ response_type: "" }, "invalid_request"],
      [{ response_type: "id_token" }, "unsupported_response_type"],
      [{ code_challenge_method: "plain", code_challenge: "x".repeat(43) }, "invalid_request"],
      [{ code_challenge_method: "S256" }, "invalid_request"],
      [{ scope: "tasks/read" }, "invalid_scope"],
    ];
    for (const [extra, error] of cases) {
      const res = await fetch(`${pool.url}/oauth2/authorize?${new URLSearchParams(authorizeParams(extra))}`, {
        redirect: "manual",
      });
      const location = new URL(res.headers.get("location")!);
      assert.equal(location.origin + location.pathname, CALLBACK, JSON.stringify(extra));
      assert.equal(location.searchParams.get("error"), error, JSON.stringify(extra));
      assert.equal(location.searchParams.get("state"), "st4te");
    }
  });

  test("token endpoint: unsupported grant, missing fields, wrong content type", async () => {
    assert.deepEqual((await token({ grant_type: "password", client_id: SPA })).body, {
      error: "unsupported_grant_type",
    });
    assert.equal((await token({ client_id: SPA })).body["error"], "invalid_request");
    const json = await fetch(`${pool.url}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "refresh_token" }),
    });
    assert.equal(json.status, 400);
    assert.equal(((await json.json()) as { error: string }).error, "invalid_request");
  });

  test("revoked refresh token (via /oauth2/revoke) is invalid_grant, and its access token fails at userInfo", async () => {
    const { code, verifier } = await codeFor();
    const tokens = (await redeem(code, verifier)).body;
    const revoke = await fetch(`${pool.url}/oauth2/revoke`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: tokens["refresh_token"]!, client_id: SPA }).toString(),
    });
    assert.equal(revoke.status, 200);
    assert.equal(await revoke.text(), "");
    assert.equal(
      (await token({ grant_type: "refresh_token", client_id: SPA, refresh_token: tokens["refresh_token"]! }))
        .body["error"],
      "invalid_grant",
    );
    const info = await fetch(`${pool.url}/oauth2/userInfo`, {
      headers: { authorization: `Bearer ${tokens["access_token"]}` },
    });
    assert.equal(info.status, 401);
    assert.match(info.headers.get("www-authenticate") ?? "", /invalid_token/);
    const again = await fetch(`${pool.url}/oauth2/revoke`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: tokens["refresh_token"]!, client_id: SPA }).toString(),
    });
    assert.equal(again.status, 200, "revoking twice is fine");
    const jwt = await fetch(`${pool.url}/oauth2/revoke`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: tokens["access_token"]!, client_id: SPA }).toString(),
    });
    assert.deepEqual(await jwt.json(), { error: "unsupported_token_type" });
    const noClient = await fetch(`${pool.url}/oauth2/revoke`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: "abc" }).toString(),
    });
    assert.equal(noClient.status, 401);
  });

  test("disabled user: hosted sign-in refused, refresh refused", async () => {
    const { code, verifier } = await codeFor("mallory");
    const tokens = (await redeem(code, verifier)).body;
    await pool.cognito.send(new AdminDisableUserCommand({ UserPoolId: POOL_ID, Username: "mallory" }));
    try {
      const res = await hostedSignIn(new Agent(pool.url), authorizeParams(), "mallory", PASSWORD);
      assert.equal(res.status, 400);
      assert.match(await res.text(), /User is disabled\./);
      assert.equal(
        (
          await token({
            grant_type: "refresh_token",
            client_id: SPA,
            refresh_token: tokens["refresh_token"]!,
          })
        ).body["error"],
        "invalid_grant",
      );
    } finally {
      await pool.cognito.send(new AdminEnableUserCommand({ UserPoolId: POOL_ID, Username: "mallory" }));
    }
  });

  test("the login form without its CSRF token is refused", async () => {
    const agent = new Agent(pool.url);
    const query = new URLSearchParams(authorizeParams()).toString();
    const page = await (await agent.get(`/login?${query}`)).text();
    const missing = await agent.post(`/login?${query}`, { username: "alice", password: PASSWORD });
    assert.equal(missing.status, 403);
    assert.equal(missing.headers.get("location"), null);
    const wrong = await agent.post(`/login?${query}`, {
      _csrf: "A".repeat(43),
      username: "alice",
      password: PASSWORD,
    });
    assert.equal(wrong.status, 403);
    // A cross-site attacker has the field but not the cookie.
    const stranger = new Agent(pool.url);
    const forged = await stranger.post(`/login?${query}`, {
      _csrf: csrfOf(page),
      username: "alice",
      password: PASSWORD,
    });
    assert.equal(forged.status, 403);
    const ok = await agent.post(`/login?${query}`, {
      _csrf: csrfOf(page),
      username: "alice",
      password: PASSWORD,
    });
    assert.equal(ok.status, 302);
  });

  test("brute force is throttled: after five failures even the right password is refused until the lock expires", async () => {
    const agent = new Agent(pool.url);
    pool.clock.freeze();
    try {
      for (let i = 0; i < 5; i++) {
        const res = await hostedSignIn(agent, authorizeParams(), "mallory", `Wrong-Pass-${i}`);
        assert.equal(res.status, 400);
        assert.match(await res.text(), /Incorrect username or password\./);
      }
      const locked = await hostedSignIn(agent, authorizeParams(), "mallory", PASSWORD);
      assert.equal(locked.status, 429);
      assert.match(await locked.text(), /Password attempts exceeded/);
      pool.clock.advance(1500);
      const after = await hostedSignIn(agent, authorizeParams(), "mallory", PASSWORD);
      assert.equal(after.status, 302);
    } finally {
      pool.clock.frozen = undefined;
    }
  });

  test("unknown users read like wrong passwords on the hosted page", async () => {
    const res = await hostedSignIn(new Agent(pool.url), authorizeParams(), "nobody-here", PASSWORD);
    assert.equal(res.status, 400);
    assert.match(await res.text(), /Incorrect username or password\./);
  });
});

describe("client credentials, userInfo, logout", () => {
  test("client_credentials with Basic and with post auth; bad secret is invalid_client", async () => {
    const basic = await token(
      { grant_type: "client_credentials", scope: "tasks/read" },
      { authorization: `Basic ${Buffer.from(`${M2M}:${M2M_SECRET}`).toString("base64")}` },
    );
    assert.equal(basic.status, 200);
    assert.equal(basic.body["refresh_token"], undefined);
    assert.equal(basic.body["id_token"], undefined);
    const claims = await cognitoVerifier(issuer, M2M, "access").verify(basic.body["access_token"]!);
    assert.equal(claims["scope"], "tasks/read");
    assert.equal(claims.sub, M2M);
    const post = await token({ grant_type: "client_credentials", client_id: M2M, client_secret: M2M_SECRET });
    assert.equal(claimsOf(post.body["access_token"]!)["scope"], "tasks/read tasks/write");
    assert.deepEqual(
      (await token({ grant_type: "client_credentials", client_id: M2M, client_secret: "wrong" })).body,
      { error: "invalid_client" },
    );
    assert.equal(
      (
        await token({
          grant_type: "client_credentials",
          client_id: M2M,
          client_secret: M2M_SECRET,
          scope: "openid",
        })
      ).body["error"],
      "invalid_scope",
    );
    assert.equal(
      (await token({ grant_type: "client_credentials", client_id: SPA })).body["error"],
      "unauthorized_client",
    );
  });

  test("userInfo releases attributes by scope, as strings; native-API tokens and globally signed-out users are refused", async () => {
    const { code, verifier } = await codeFor("alice", { scope: "openid email" });
    const tokens = (await redeem(code, verifier)).body;
    const res = await fetch(`${pool.url}/oauth2/userInfo`, {
      headers: { authorization: `Bearer ${tokens["access_token"]}`, origin: "http://localhost:5173" },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    const info = (await res.json()) as Record<string, string>;
    assert.equal(info["email"], "alice@example.com");
    assert.equal(info["email_verified"], "true");
    assert.equal(info["username"], "alice");
    assert.equal(info["name"], undefined, "name needs the profile scope");
    assert.equal(info["phone_number"], undefined, "phone needs the phone scope");
    assert.equal((await fetch(`${pool.url}/oauth2/userInfo`)).status, 400);
    await pool.cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: POOL_ID, Username: "alice" }));
    const after = await fetch(`${pool.url}/oauth2/userInfo`, {
      headers: { authorization: `Bearer ${tokens["access_token"]}` },
    });
    assert.equal(after.status, 401);
  });

  test("/logout: logout_uri form, redirect_uri form, and no open redirect", async () => {
    const { agent } = await codeFor();
    const bad = await agent.get(
      `/logout?${new URLSearchParams({ client_id: SPA, logout_uri: "https://evil.example/" })}`,
    );
    assert.match(bad.headers.get("location")!, /^\/error\?error=redirect_mismatch/);
    assert.ok(agent.cookies.has("cognito"), "a refused logout keeps the session");
    const out = await agent.get(`/logout?${new URLSearchParams({ client_id: SPA, logout_uri: LOGOUT })}`);
    assert.equal(out.headers.get("location"), LOGOUT);
    assert.equal(agent.cookies.has("cognito"), false);
    const silent = await agent.get(`/oauth2/authorize?${new URLSearchParams(authorizeParams())}`);
    assert.match(silent.headers.get("location")!, /^\/login\?/, "the session is gone");

    const second = await codeFor();
    const relogin = await second.agent.get(
      `/logout?${new URLSearchParams({ client_id: SPA, redirect_uri: CALLBACK, response_type: "code", state: "s2" })}`,
    );
    const location = relogin.headers.get("location")!;
    assert.match(location, /^\/login\?/);
    assert.equal(new URLSearchParams(location.split("?")[1]).get("state"), "s2");
    assert.equal(second.agent.cookies.has("cognito"), false);
  });

  test("hosted pages escape what they echo and forbid framing", async () => {
    const agent = new Agent(pool.url);
    const res = await hostedSignIn(
      agent,
      authorizeParams({ state: '"><script>alert(1)</script>' }),
      "<img src=x onerror=alert(1)>",
      "x",
    );
    const page = await res.text();
    assert.equal(page.includes("<script>alert(1)"), false);
    assert.equal(page.includes("<img src=x"), false);
    assert.match(page, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.equal(res.headers.get("x-frame-options"), "DENY");
    assert.match(res.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/);
  });
});
