import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ConfigError, loadUserPoolConfig } from "../src/config.ts";
import {
  accessTokenClaims,
  atHash,
  type ClaimsInput,
  effectiveScopes,
  idTokenClaims,
} from "../src/domain/claims.ts";
import { CognitoError } from "../src/domain/errors.ts";
import { constantTimeEqual, newClientId, newPoolId, newTemporaryPassword } from "../src/domain/ids.ts";
import { paginate } from "../src/domain/input.ts";
import { newUserRecord } from "../src/domain/new-user.ts";
import { hashPassword, verifyPassword } from "../src/domain/password-hash.ts";
import { checkPasswordPolicy, DEFAULT_PASSWORD_POLICY } from "../src/domain/password-policy.ts";
import { secretHash } from "../src/domain/secret-hash.ts";
import { SignInThrottle } from "../src/domain/throttle.ts";
import { matchesUserFilter, parseUserFilter } from "../src/domain/user-filter.ts";
import { escapeHtml, html } from "../src/hosted-ui/html.ts";
import { userInfoClaims } from "../src/oauth/userinfo.ts";

const user = newUserRecord(
  {
    poolId: "us-east-1_x",
    sub: "0d4f8a4e-5f0a-4d8e-9b1a-2b3c4d5e6f70",
    username: "alice",
    attributes: {
      email: "alice@example.com",
      email_verified: "true",
      updated_at: "1700000000",
      "custom:team": "blue",
    },
    status: "CONFIRMED",
  },
  0,
);

const input: ClaimsInput = {
  issuer: "http://localhost:9229/us-east-1_x",
  clientId: "client",
  user,
  groups: [],
  scopes: ["openid"],
  authTime: 1000,
  issuedAt: 1000,
  accessTtl: 3600,
  idTtl: 600,
  originJti: "origin",
  eventId: "event",
  readAttributes: undefined,
};

describe("password policy", () => {
  const cases: [string, string | undefined][] = [
    ["Short1!", "Password did not conform with policy: Password not long enough"],
    ["ALLUPPER1!", "Password did not conform with policy: Password must have lowercase characters"],
    ["alllower1!", "Password did not conform with policy: Password must have uppercase characters"],
    ["NoNumbers!", "Password did not conform with policy: Password must have numeric characters"],
    ["NoSymbols1", "Password did not conform with policy: Password must have symbol characters"],
    ["With Space1", undefined],
    ["Correct-Horse-9", undefined],
  ];
  for (const [password, expected] of cases)
    test(`${JSON.stringify(password)} → ${expected ?? "ok"}`, () =>
      assert.equal(checkPasswordPolicy(password, DEFAULT_PASSWORD_POLICY), expected));
  test("a relaxed policy", () =>
    assert.equal(
      checkPasswordPolicy("abcdef", {
        ...DEFAULT_PASSWORD_POLICY,
        MinimumLength: 6,
        RequireUppercase: false,
        RequireNumbers: false,
        RequireSymbols: false,
      }),
      undefined,
    ));
  test("generated temporary passwords satisfy the default policy", () => {
    for (let i = 0; i < 50; i++)
      assert.equal(checkPasswordPolicy(newTemporaryPassword(8), DEFAULT_PASSWORD_POLICY), undefined);
  });
});

describe("password hashing", () => {
  test("scrypt hashes verify, differ per salt, and reject wrong passwords and malformed hashes", async () => {
    const a = await hashPassword("Correct-Horse-9", 10);
    const b = await hashPassword("Correct-Horse-9", 10);
    assert.notEqual(a, b);
    assert.match(a, /^scrypt\$10\$8\$1\$/);
    assert.equal(await verifyPassword("Correct-Horse-9", a), true);
    assert.equal(await verifyPassword("Correct-Horse-8", a), false);
    assert.equal(await verifyPassword("Correct-Horse-9", "plain"), false);
  });
});

describe("ids and secrets", () => {
  test("AWS shapes", () => {
    assert.match(newPoolId("eu-west-1"), /^eu-west-1_[A-Za-z0-9]{9}$/);
    assert.match(newClientId(), /^[a-z0-9]{26}$/);
  });
  test("constant-time comparison", () => {
    assert.equal(constantTimeEqual("abc", "abc"), true);
    assert.equal(constantTimeEqual("abc", "abd"), false);
    assert.equal(constantTimeEqual("abc", "abcd"), false);
  });
  test("SECRET_HASH is Base64(HMAC-SHA256(secret, username + clientId))", () => {
    // Oracle: printf 'aliceclient' | openssl dgst -sha256 -hmac secret -binary | base64
    assert.equal(secretHash("secret", "alice", "client"), "RTsve+FQ659UKyESgvLg9GYmZEL+QjzQsW/OjL77/b0=");
  });
});

describe("ListUsers filter", () => {
  test("parses exact and prefix forms with escaped quotes", () => {
    assert.deepEqual(parseUserFilter('email ^= "ali"'), { attribute: "email", operator: "^=", value: "ali" });
    assert.deepEqual(parseUserFilter('name = "say \\"hi\\""'), {
      attribute: "name",
      operator: "=",
      value: 'say "hi"',
    });
    assert.equal(parseUserFilter(""), undefined);
  });
  test("rejects unsearchable attributes and garbage", () => {
    assert.throws(() => parseUserFilter('custom:team = "blue"'), CognitoError);
    assert.throws(() => parseUserFilter("email"), CognitoError);
  });
  test("matches", () => {
    assert.equal(matchesUserFilter(user, parseUserFilter('cognito:user_status = "confirmed"')), true);
    assert.equal(matchesUserFilter(user, parseUserFilter('status = "Disabled"')), false);
    assert.equal(matchesUserFilter(user, parseUserFilter(`sub = "${user.sub}"`)), true);
    assert.equal(
      matchesUserFilter(user, parseUserFilter('username ^= "ALI"')),
      false,
      "username is case-sensitive",
    );
  });
});

describe("claims", () => {
  test("ID token: typed attributes, no groups claim when there are none, nonce and at_hash when given", () => {
    const id = idTokenClaims({ ...input, nonce: "n1" }, "access.token.value");
    assert.equal(id["email_verified"], true);
    assert.equal(id["updated_at"], 1700000000);
    assert.equal(id["custom:team"], "blue");
    assert.equal("cognito:groups" in id, false);
    assert.equal(id["nonce"], "n1");
    assert.equal(id["at_hash"], atHash("access.token.value"));
    assert.equal(id["exp"], 1600);
    assert.equal(id["aud"], "client");
  });
  test("ID token respects the client's read attributes", () => {
    const id = idTokenClaims({ ...input, readAttributes: ["email"] }, undefined);
    assert.equal(id["email"], "alice@example.com");
    assert.equal("custom:team" in id, false);
  });
  test("access token", () => {
    const access = accessTokenClaims({ ...input, groups: ["admin"] });
    assert.deepEqual(access["cognito:groups"], ["admin"]);
    assert.equal(access["version"], 2);
    assert.equal("aud" in access, false);
    assert.equal(access["exp"], 4600);
  });
  test("at_hash is base64url of the left half of SHA-256", () => {
    // Oracle: printf '<token>' | openssl dgst -sha256 -binary | head -c 16 | base64 (url-safe, unpadded)
    assert.equal(atHash("jHkWEdUXMU1BwAsC4vtUsZwnNGYWg6yKLk"), "VLcS2O7kAgjVrGnyTNKLCw");
  });
  test("V2 scope changes", () => {
    const overrides = {
      idClaimsToAdd: {},
      idClaimsToSuppress: [],
      accessClaimsToAdd: {},
      accessClaimsToSuppress: [],
      scopesToAdd: ["b", "c"],
      scopesToSuppress: ["a", "c"],
      groupsOverride: undefined,
    };
    assert.deepEqual(effectiveScopes(["a", "x"], overrides), ["x", "b"]);
  });
});

describe("userInfo claims", () => {
  test("scopes decide; values stay strings", () => {
    assert.deepEqual(userInfoClaims(user.sub, "alice", user.attributes, ["openid"], undefined), {
      sub: user.sub,
      username: "alice",
    });
    assert.deepEqual(userInfoClaims(user.sub, "alice", user.attributes, ["openid", "email"], undefined), {
      sub: user.sub,
      email: "alice@example.com",
      email_verified: "true",
      username: "alice",
    });
    const profile = userInfoClaims(user.sub, "alice", user.attributes, ["openid", "profile"], undefined);
    assert.equal(profile["custom:team"], "blue");
    assert.equal(profile["email"], undefined);
  });
});

describe("throttle", () => {
  test("five failures free, then a lock that doubles and resets on success", () => {
    const t = new SignInThrottle();
    for (let i = 0; i < 4; i++) t.recordFailure("k", 0);
    assert.equal(t.isLocked("k", 0), false);
    t.recordFailure("k", 0);
    assert.equal(t.isLocked("k", 999), true);
    assert.equal(t.isLocked("k", 1000), false);
    t.recordFailure("k", 1000);
    assert.equal(t.isLocked("k", 2999), true);
    assert.equal(t.isLocked("k", 3000), false);
    t.recordSuccess("k");
    t.recordFailure("k", 5000);
    assert.equal(t.isLocked("k", 5000), false);
  });
  test("the lock is capped at 15 minutes", () => {
    const t = new SignInThrottle();
    for (let i = 0; i < 40; i++) t.recordFailure("k", 0);
    assert.equal(t.isLocked("k", 15 * 60_000), false);
  });
});

describe("html", () => {
  test("interpolations are escaped; nested html is not double-escaped", () => {
    assert.equal(html`<p>${'<a href="x">&'}</p>`.value, "<p>&lt;a href=&quot;x&quot;&gt;&amp;</p>");
    assert.equal(html`<div>${html`<b>${"<i>"}</b>`}</div>`.value, "<div><b>&lt;i&gt;</b></div>");
    assert.equal(escapeHtml("'`"), "&#39;&#96;");
  });
});

describe("pagination", () => {
  test("opaque tokens walk the list", () => {
    const items = [1, 2, 3, 4, 5];
    const first = paginate(items, 2, undefined);
    assert.deepEqual(first.page, [1, 2]);
    const second = paginate(items, 2, first.next);
    assert.deepEqual(second.page, [3, 4]);
    const third = paginate(items, 2, second.next);
    assert.deepEqual(third.page, [5]);
    assert.equal(third.next, undefined);
    assert.throws(() => paginate(items, 2, "not-a-token"), CognitoError);
    assert.throws(() => paginate(items, 61, undefined), CognitoError);
  });
});

describe("config", () => {
  test("defaults", () => {
    const c = loadUserPoolConfig({});
    assert.equal(c.host, "127.0.0.1");
    assert.equal(c.port, 9229);
    assert.equal(c.publicUrl, undefined);
    assert.match(c.dataDir, /\.tollgate$/);
    assert.equal(c.scryptLog2N, 15);
  });
  test("malformed values name their variable", () => {
    assert.throws(
      () => loadUserPoolConfig({ USER_POOL_PORT: "nine" }),
      (e) => e instanceof ConfigError && /USER_POOL_PORT/.test(e.message),
    );
    assert.throws(() => loadUserPoolConfig({ USER_POOL_PORT: "70000" }), ConfigError);
    assert.throws(() => loadUserPoolConfig({ USER_POOL_PUBLIC_URL: "not a url" }), /USER_POOL_PUBLIC_URL/);
    assert.throws(() => loadUserPoolConfig({ USER_POOL_SHOW_CODES: "maybe" }), /USER_POOL_SHOW_CODES/);
    assert.equal(
      loadUserPoolConfig({ USER_POOL_PUBLIC_URL: "https://auth.example/" }).publicUrl,
      "https://auth.example",
    );
  });
});
