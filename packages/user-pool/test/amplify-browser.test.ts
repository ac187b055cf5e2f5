/**
 * Issue 12: aws-amplify v6 (`@aws-amplify/auth` + `@aws-amplify/core`, unmodified, bundled with esbuild)
 * running in headless Chromium on its own origin, against a real pool on loopback: the default SRP
 * sign-in, a new password for an admin-created user, TOTP setup during sign-in and the TOTP code
 * challenge, password reset, forced refresh, password change and global sign-out. Every call crosses
 * origins, so this is also the proof that the pool's CORS lets a browser make the public calls — and the
 * probes at the end prove it lets a page make nothing else.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  SetUserPoolMfaConfigCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { browserSkip, launchBrowser } from "@tollgate/testkit/browser";
import { build } from "esbuild";
import { Secret, TOTP } from "otpauth";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { claimsOf, cognitoVerifier, PASSWORD, startTestPool, type TestPool } from "./harness.ts";

const POOL_ID = "us-east-1_AmpBrowse01";
const CLIENT_ID = "ampbrowserclient0000000000";
const MFA_POOL_ID = "us-east-1_AmpBrowse02";
const MFA_CLIENT_ID = "ampbrowsermfaclient0000000";
const NEW_PASSWORD = "Fresh-Chosen-Pass-7";

const seed = {
  pools: [
    {
      id: POOL_ID,
      name: "amplify-browser",
      clients: [{ id: CLIENT_ID, name: "spa" }],
      users: ["alice", "bea", "cara"].map((username) => ({
        username,
        password: PASSWORD,
        attributes: { email: `${username}@example.com` },
      })),
    },
    {
      id: MFA_POOL_ID,
      name: "amplify-browser-mfa",
      clients: [{ id: MFA_CLIENT_ID, name: "spa" }],
      users: [{ username: "tess", password: PASSWORD, attributes: { email: "tess@example.com" } }],
    },
  ],
};

/**
 * The app's script: what an SPA does with Amplify (configure once, call the auth APIs), exposed as
 * `window.tollgate.call(name, input)` so the test can drive it. Results cross back as JSON; errors as
 * their name and message, which is how an app tells them apart.
 */
const APP_SOURCE = `
import {
  confirmResetPassword, confirmSignIn, fetchAuthSession, resetPassword, signIn, signOut, updatePassword,
} from "@aws-amplify/auth";
import { cognitoUserPoolsTokenProvider } from "@aws-amplify/auth/cognito";
import { Amplify, defaultStorage } from "@aws-amplify/core";

// What aws-amplify's own Amplify.configure does for Auth: the Cognito token provider over localStorage.
function configure(auth) {
  const config = { Auth: { Cognito: auth } };
  cognitoUserPoolsTokenProvider.setAuthConfig(config.Auth);
  cognitoUserPoolsTokenProvider.setKeyValueStorage(defaultStorage);
  Amplify.configure(config, { Auth: { tokenProvider: cognitoUserPoolsTokenProvider } });
}

async function session(options) {
  const s = await fetchAuthSession(options);
  return { accessToken: s.tokens?.accessToken?.toString(), idToken: s.tokens?.idToken?.toString() };
}

function refreshToken() {
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key.startsWith("CognitoIdentityServiceProvider.") && key.endsWith(".refreshToken"))
      return localStorage.getItem(key);
  }
  return null;
}

// A page's attempts to use the pool beyond the public API. A fetch the browser's CORS check refuses
// rejects with a TypeError: reported as { blocked: true }.
async function probe({ url, headers, body }) {
  try {
    const res = await fetch(url, body === undefined ? { headers } : { method: "POST", headers, body });
    return { blocked: false, status: res.status, body: await res.text() };
  } catch (e) {
    return { blocked: true, error: String(e) };
  }
}

const api = {
  configure, session, refreshToken, probe,
  signIn, confirmSignIn, resetPassword, confirmResetPassword, updatePassword, signOut,
};

window.tollgate = {
  async call(name, input) {
    try {
      const value = await api[name](input);
      return { ok: true, value: value === undefined ? null : JSON.parse(JSON.stringify(value)) };
    } catch (e) {
      return { ok: false, name: e?.name, message: String(e?.message ?? e) };
    }
  },
};
`;

/** Bundles the app for the browser, as an SPA's build would (one IIFE, production mode). */
async function bundleApp(): Promise<string> {
  const result = await build({
    stdin: { contents: APP_SOURCE, resolveDir: import.meta.dirname, loader: "js", sourcefile: "app.js" },
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2020",
    write: false,
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
  const js = result.outputFiles[0]?.text;
  if (!js) throw new Error("esbuild produced no bundle");
  return js;
}

/** The app's own origin: a loopback server with the page and the bundle, nothing else. */
async function startApp(bundle: string): Promise<{ url: string; server: Server }> {
  const routes: Record<string, [string, string]> = {
    "/index.html": [
      "text/html",
      '<!doctype html><html><head><meta charset="utf-8"><title>app</title><script src="/app.js"></script></head><body></body></html>',
    ],
    "/app.js": ["text/javascript", bundle],
  };
  const server = createServer((req, res) => {
    const route = routes[(req.url ?? "").split("?")[0] ?? ""];
    if (!route) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": `${route[0]}; charset=utf-8` }).end(route[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

let pool: TestPool;
let app: { url: string; server: Server } | undefined;
let browser: Browser | undefined;

before(async () => {
  if (browserSkip) return;
  pool = await startTestPool({ seed });
  await pool.cognito.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: MFA_POOL_ID,
      MfaConfiguration: "ON",
      SoftwareTokenMfaConfiguration: { Enabled: true },
    }),
  );
  app = await startApp(await bundleApp());
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (app) await new Promise((resolve) => app?.server.close(resolve));
  await pool?.cleanup();
});

type Result<T = Record<string, unknown>> =
  | { ok: true; value: T }
  | { ok: false; name: string; message: string };

/** One JSON API call the page made, as the pool received it. */
interface PoolCall {
  target: string;
  body: Record<string, unknown>;
}

interface AppPage {
  page: Page;
  context: BrowserContext;
  /** POSTs the page sent to the pool (preflights are the browser's own and are not listed). */
  calls: PoolCall[];
  call<T = Record<string, unknown>>(name: string, input?: unknown): Promise<Result<T>>;
  close(): Promise<void>;
}

/** A fresh browser profile with the app loaded and Amplify configured for a pool and client. */
async function openApp(userPoolId: string, userPoolClientId: string): Promise<AppPage> {
  if (!browser || !app) throw new Error("browser not started");
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  const calls: PoolCall[] = [];
  page.on("request", (req) => {
    if (!req.url().startsWith(pool.url) || req.method() !== "POST") return;
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(req.postData() ?? "{}");
    } catch {
      // not JSON: the probes send such bodies on purpose
    }
    calls.push({ target: (req.headers()["x-amz-target"] ?? "").split(".").pop() ?? "", body });
  });
  await page.goto(`${app.url}/index.html`);
  await page.waitForFunction(() => "tollgate" in window);
  const call = <T>(name: string, input?: unknown) =>
    page.evaluate(
      ([n, i]) =>
        (
          window as unknown as { tollgate: { call(n: string, i: unknown): Promise<Result<T>> } }
        ).tollgate.call(n as string, i),
      [name, input] as const,
    );
  const configured = await call("configure", { userPoolId, userPoolClientId, userPoolEndpoint: pool.url });
  assert.equal(configured.ok, true, JSON.stringify(configured));
  return {
    page,
    context,
    calls,
    call,
    close: () => context.close(),
  };
}

function succeeded<T>(result: Result<T>): T {
  if (!result.ok) assert.fail(`expected success, got ${result.name}: ${result.message}`);
  return result.value;
}

function assertFails(result: Result<unknown>, name: string): void {
  assert.equal(result.ok, false, `expected ${name}, got success`);
  if (!result.ok) assert.equal(result.name, name, result.message);
}

interface SignInOutput {
  isSignedIn: boolean;
  nextStep: { signInStep: string; totpSetupDetails?: { sharedSecret: string } };
}

interface Session {
  accessToken?: string;
  idToken?: string;
}

/** The session's tokens verify as the pool's, for this client and user (aws-jwt-verify, in Node). */
async function assertTokens(
  appPage: AppPage,
  poolId: string,
  clientId: string,
  username: string,
  options?: { forceRefresh: boolean },
): Promise<Required<Session>> {
  const session = succeeded(await appPage.call<Session>("session", options));
  assert.ok(session.accessToken && session.idToken, "the session holds tokens");
  const issuer = `${pool.publicUrl}/${poolId}`;
  const access = await cognitoVerifier(issuer, clientId, "access").verify(session.accessToken);
  const id = await cognitoVerifier(issuer, clientId, "id").verify(session.idToken);
  assert.equal(access["username"], username);
  assert.equal(id["cognito:username"], username);
  return { accessToken: session.accessToken, idToken: session.idToken };
}

/** The JSON API operations the page called, in order, with the flow or challenge each named. */
function operations(appPage: AppPage): string[] {
  return appPage.calls.map(({ target, body }) => {
    const detail = body["AuthFlow"] ?? body["ChallengeName"];
    return detail ? `${target}:${detail}` : target;
  });
}

function totpCode(secret: string, offsetSteps = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 }).generate({
    timestamp: Date.now() + offsetSteps * 30_000,
  });
}

/** A code no authenticator accepts now (outside the ±1 step window). */
function wrongTotpCode(secret: string): string {
  const valid = new Set([-1, 0, 1].map((o) => totpCode(secret, o)));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, "0");
    if (!valid.has(candidate)) return candidate;
  }
}

/** The reset code the pool logged (the README's documented way to read codes in local mode), polled. */
async function resetCodeFor(username: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const line = [...pool.log.lines]
      .reverse()
      .find((l) => l.includes(`${POOL_ID}: password reset code for ${username} is`));
    const code = line?.match(/is (\d{6})$/)?.[1];
    if (code) return code;
    if (Date.now() > deadline) throw new Error(`no reset code logged for ${username}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const SLOW = { timeout: 240_000 };

describe("aws-amplify v6 in headless Chromium, on another origin than the pool", {
  skip: browserSkip,
}, () => {
  test("the app and the pool are different origins", () => {
    assert.notEqual(new URL(app?.url ?? "").origin, new URL(pool.url).origin);
  });

  test("default signIn runs USER_SRP_AUTH → PASSWORD_VERIFIER; the tokens verify", SLOW, async () => {
    const amp = await openApp(POOL_ID, CLIENT_ID);
    assertFails(
      await amp.call("signIn", { username: "alice", password: "Wrong-Pass-1" }),
      "NotAuthorizedException",
    );
    const out = succeeded(await amp.call<SignInOutput>("signIn", { username: "alice", password: PASSWORD }));
    assert.equal(out.isSignedIn, true, JSON.stringify(out));
    assert.equal(out.nextStep.signInStep, "DONE");
    assert.deepEqual(operations(amp), [
      "InitiateAuth:USER_SRP_AUTH",
      "RespondToAuthChallenge:PASSWORD_VERIFIER",
      "InitiateAuth:USER_SRP_AUTH",
      "RespondToAuthChallenge:PASSWORD_VERIFIER",
    ]);
    assert.equal(
      amp.calls.some((c) => JSON.stringify(c.body).includes(PASSWORD)),
      false,
      "the password never leaves the browser",
    );
    await assertTokens(amp, POOL_ID, CLIENT_ID, "alice");
    succeeded(await amp.call("signOut"));
    assert.equal(succeeded(await amp.call<Session>("session")).accessToken, undefined);
    await amp.close();
  });

  test(
    "an admin-created user: CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED → confirmSignIn",
    SLOW,
    async () => {
      await pool.cognito.send(
        new AdminCreateUserCommand({
          UserPoolId: POOL_ID,
          Username: "nina",
          TemporaryPassword: "Temp-Pass-321",
          UserAttributes: [{ Name: "email", Value: "nina@example.com" }],
          MessageAction: "SUPPRESS",
        }),
      );
      const amp = await openApp(POOL_ID, CLIENT_ID);
      const first = succeeded(
        await amp.call<SignInOutput>("signIn", { username: "nina", password: "Temp-Pass-321" }),
      );
      assert.equal(first.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED");
      assertFails(
        await amp.call("confirmSignIn", { challengeResponse: "short" }),
        "InvalidPasswordException",
      );
      const done = succeeded(
        await amp.call<SignInOutput>("confirmSignIn", { challengeResponse: NEW_PASSWORD }),
      );
      assert.equal(done.isSignedIn, true, JSON.stringify(done));
      assert.ok(operations(amp).includes("RespondToAuthChallenge:NEW_PASSWORD_REQUIRED"));
      await assertTokens(amp, POOL_ID, CLIENT_ID, "nina");
      succeeded(await amp.call("signOut"));

      // The chosen password is now the user's, SRP verifier included; the temporary one is gone.
      assertFails(
        await amp.call("signIn", { username: "nina", password: "Temp-Pass-321" }),
        "NotAuthorizedException",
      );
      const again = succeeded(
        await amp.call<SignInOutput>("signIn", { username: "nina", password: NEW_PASSWORD }),
      );
      assert.equal(again.isSignedIn, true);
      const admin = await pool.cognito.send(
        new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: "nina" }),
      );
      assert.equal(admin.UserStatus, "CONFIRMED");
      succeeded(await amp.call("signOut"));
      await amp.close();
    },
  );

  test("TOTP: CONTINUE_SIGN_IN_WITH_TOTP_SETUP, then CONFIRM_SIGN_IN_WITH_TOTP_CODE", SLOW, async () => {
    const amp = await openApp(MFA_POOL_ID, MFA_CLIENT_ID);
    const first = succeeded(await amp.call<SignInOutput>("signIn", { username: "tess", password: PASSWORD }));
    assert.equal(first.nextStep.signInStep, "CONTINUE_SIGN_IN_WITH_TOTP_SETUP", JSON.stringify(first));
    const secret = first.nextStep.totpSetupDetails?.sharedSecret ?? "";
    assert.match(secret, /^[A-Z2-7]+=*$/, "a base32 shared secret");
    assertFails(
      await amp.call("confirmSignIn", { challengeResponse: wrongTotpCode(secret) }),
      "EnableSoftwareTokenMFAException",
    );
    const setUp = succeeded(
      await amp.call<SignInOutput>("confirmSignIn", { challengeResponse: totpCode(secret) }),
    );
    assert.equal(setUp.isSignedIn, true, JSON.stringify(setUp));
    assert.ok(operations(amp).includes("RespondToAuthChallenge:MFA_SETUP"));
    await assertTokens(amp, MFA_POOL_ID, MFA_CLIENT_ID, "tess");
    succeeded(await amp.call("signOut"));

    const admin = await pool.cognito.send(
      new AdminGetUserCommand({ UserPoolId: MFA_POOL_ID, Username: "tess" }),
    );
    assert.deepEqual(admin.UserMFASettingList, ["SOFTWARE_TOKEN_MFA"]);

    amp.calls.length = 0;
    const later = succeeded(await amp.call<SignInOutput>("signIn", { username: "tess", password: PASSWORD }));
    assert.equal(later.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_TOTP_CODE", JSON.stringify(later));
    assertFails(
      await amp.call("confirmSignIn", { challengeResponse: wrongTotpCode(secret) }),
      "CodeMismatchException",
    );
    // The next step's code (inside the ±1 window): not the one the setup used, should the pool ever refuse reuse.
    const done = succeeded(
      await amp.call<SignInOutput>("confirmSignIn", { challengeResponse: totpCode(secret, 1) }),
    );
    assert.equal(done.isSignedIn, true, JSON.stringify(done));
    assert.deepEqual(operations(amp), [
      "InitiateAuth:USER_SRP_AUTH",
      "RespondToAuthChallenge:PASSWORD_VERIFIER",
      "RespondToAuthChallenge:SOFTWARE_TOKEN_MFA",
      "RespondToAuthChallenge:SOFTWARE_TOKEN_MFA",
    ]);
    await assertTokens(amp, MFA_POOL_ID, MFA_CLIENT_ID, "tess");
    succeeded(await amp.call("signOut"));
    await amp.close();
  });

  test(
    "resetPassword → code from the pool's log → confirmResetPassword; the new password signs in",
    SLOW,
    async () => {
      const amp = await openApp(POOL_ID, CLIENT_ID);
      const reset = succeeded(
        await amp.call<{ isPasswordReset: boolean; nextStep: Record<string, unknown> }>("resetPassword", {
          username: "bea",
        }),
      );
      assert.equal(reset.isPasswordReset, false);
      assert.equal(reset.nextStep["resetPasswordStep"], "CONFIRM_RESET_PASSWORD_WITH_CODE");
      assert.equal(
        (reset.nextStep["codeDeliveryDetails"] as Record<string, unknown>)["deliveryMedium"],
        "EMAIL",
      );
      const code = await resetCodeFor("bea");
      const wrong = code === "000000" ? "111111" : "000000";
      assertFails(
        await amp.call("confirmResetPassword", {
          username: "bea",
          confirmationCode: wrong,
          newPassword: NEW_PASSWORD,
        }),
        "CodeMismatchException",
      );
      succeeded(
        await amp.call("confirmResetPassword", {
          username: "bea",
          confirmationCode: code,
          newPassword: NEW_PASSWORD,
        }),
      );
      assert.deepEqual(operations(amp), ["ForgotPassword", "ConfirmForgotPassword", "ConfirmForgotPassword"]);

      assertFails(
        await amp.call("signIn", { username: "bea", password: PASSWORD }),
        "NotAuthorizedException",
      );
      const out = succeeded(
        await amp.call<SignInOutput>("signIn", { username: "bea", password: NEW_PASSWORD }),
      );
      assert.equal(out.isSignedIn, true);
      await assertTokens(amp, POOL_ID, CLIENT_ID, "bea");
      succeeded(await amp.call("signOut"));
      await amp.close();
    },
  );

  test("fetchAuthSession({ forceRefresh }), updatePassword, signOut({ global: true })", SLOW, async () => {
    const amp = await openApp(POOL_ID, CLIENT_ID);
    succeeded(await amp.call("signIn", { username: "cara", password: PASSWORD }));
    const before = await assertTokens(amp, POOL_ID, CLIENT_ID, "cara");
    const refreshToken = succeeded(await amp.call<string | null>("refreshToken"));
    assert.ok(refreshToken, "Amplify keeps the refresh token in localStorage");

    amp.calls.length = 0;
    const refreshed = await assertTokens(amp, POOL_ID, CLIENT_ID, "cara", { forceRefresh: true });
    assert.deepEqual(operations(amp), ["GetTokensFromRefreshToken"], "refreshed the way Amplify 6.21+ does");
    assert.notEqual(refreshed.accessToken, before.accessToken, "a refresh issues new tokens");
    assert.equal(claimsOf(refreshed.accessToken)["sub"], claimsOf(before.accessToken)["sub"]);

    amp.calls.length = 0;
    assertFails(
      await amp.call("updatePassword", { oldPassword: "Wrong-Pass-1", newPassword: NEW_PASSWORD }),
      "NotAuthorizedException",
    );
    assertFails(
      await amp.call("updatePassword", { oldPassword: PASSWORD, newPassword: "short" }),
      "InvalidPasswordException",
    );
    succeeded(await amp.call("updatePassword", { oldPassword: PASSWORD, newPassword: NEW_PASSWORD }));
    assert.deepEqual(operations(amp), ["ChangePassword", "ChangePassword", "ChangePassword"]);

    amp.calls.length = 0;
    const current = succeeded(await amp.call<Session>("session"));
    const currentRefresh = succeeded(await amp.call<string | null>("refreshToken"));
    succeeded(await amp.call("signOut", { global: true }));
    assert.ok(operations(amp).includes("GlobalSignOut"), JSON.stringify(operations(amp)));
    assert.equal(
      succeeded(await amp.call<Session>("session")).accessToken,
      undefined,
      "the browser forgot them",
    );

    // Global means the pool revoked them too: neither the access token nor any refresh token works anywhere.
    await assert.rejects(
      pool.cognito.send(new GetUserCommand({ AccessToken: current.accessToken })),
      (err: Error) => err.name === "NotAuthorizedException",
    );
    for (const token of new Set([refreshToken, currentRefresh ?? ""]))
      await assert.rejects(
        pool.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: CLIENT_ID, RefreshToken: token })),
        (err: Error) => err.name === "NotAuthorizedException",
      );

    // The changed password is the one that signs in (through SRP: the verifier changed with it).
    assertFails(await amp.call("signIn", { username: "cara", password: PASSWORD }), "NotAuthorizedException");
    succeeded(await amp.call("signIn", { username: "cara", password: NEW_PASSWORD }));
    await assertTokens(amp, POOL_ID, CLIENT_ID, "cara");
    succeeded(await amp.call("signOut"));
    await amp.close();
  });

  test("CORS lets the page make only the public calls", SLOW, async () => {
    const amp = await openApp(POOL_ID, CLIENT_ID);
    const adminCreate = (username: string) => ({
      url: `${pool.url}/`,
      body: JSON.stringify({ UserPoolId: POOL_ID, Username: username, TemporaryPassword: "Temp-Pass-321" }),
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSCognitoIdentityProviderService.AdminCreateUser",
      },
    });
    type Probe = { blocked: boolean; status?: number; body?: string; error?: string };

    // Without a signature the pool answers (CORS allows reading the JSON API's errors) and refuses.
    const unsigned = succeeded(await amp.call<Probe>("probe", adminCreate("mallory")));
    assert.equal(unsigned.blocked, false, unsigned.error);
    assert.equal(unsigned.status, 400);
    assert.equal(JSON.parse(unsigned.body ?? "{}").__type, "MissingAuthenticationTokenException");

    // With one — which the default (non-strict) pool would accept from a server — the preflight refuses
    // the header, so the browser never sends the request at all.
    const signed = adminCreate("mallory2");
    const withAuthorization = succeeded(
      await amp.call<Probe>("probe", {
        ...signed,
        headers: {
          ...signed.headers,
          authorization: `AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date, Signature=${"0".repeat(64)}`,
        },
      }),
    );
    assert.equal(withAuthorization.blocked, true, JSON.stringify(withAuthorization));
    for (const username of ["mallory", "mallory2"])
      await assert.rejects(
        pool.cognito.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: username })),
        (err: Error) => err.name === "UserNotFoundException",
      );

    // The hosted pages are not readable cross-origin (no CORS headers at all).
    const hosted = succeeded(
      await amp.call<Probe>("probe", { url: `${pool.publicUrl}/login?client_id=${CLIENT_ID}`, headers: {} }),
    );
    assert.equal(hosted.blocked, true, JSON.stringify(hosted));

    // While the public ones it needs stay open: the JWKS, read from the same page.
    const jwks = succeeded(
      await amp.call<Probe>("probe", {
        url: `${pool.publicUrl}/${POOL_ID}/.well-known/jwks.json`,
        headers: {},
      }),
    );
    assert.equal(jwks.blocked, false, jwks.error);
    assert.ok(JSON.parse(jwks.body ?? "{}").keys.length > 0);
    await amp.close();
  });
});
