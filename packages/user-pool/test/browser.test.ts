import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { browserSkip } from "@tollgate/testkit/browser";
import { type Browser, chromium, type Page } from "playwright-core";
import { PASSWORD, startTestPool, type TestPool } from "./harness.ts";

const POOL_ID = "us-east-1_Browser001";
const CLIENT_ID = "browserspa0000000000000000";

/** The app under test: three static pages that use oidc-client-ts's browser bundle, as an SPA would. */
async function startApp(config: () => Record<string, string>): Promise<{ url: string; server: Server }> {
  // The package does not export its browser bundle, so find it next to the resolved entry (dist/<format>/).
  const entry = createRequire(import.meta.url).resolve("oidc-client-ts");
  const bundle = await readFile(join(dirname(entry), "..", "browser", "oidc-client-ts.min.js"), "utf8");
  const setup = `
    window.mgr = new oidc.UserManager({
      authority: CONFIG.authority,
      client_id: CONFIG.clientId,
      redirect_uri: CONFIG.app + "/callback.html",
      response_type: "code",
      scope: "openid email profile",
      loadUserInfo: true,
      automaticSilentRenew: false,
      userStore: new oidc.WebStorageStateStore({ store: window.localStorage }),
    });`;
  const page = (body: string) =>
    `<!doctype html><html><head><meta charset="utf-8"><title>app</title><script src="/oidc-client-ts.js"></script><script src="/config.js"></script></head><body><script>${setup}${body}</script></body></html>`;
  const routes: Record<string, () => [string, string]> = {
    "/oidc-client-ts.js": () => ["text/javascript", bundle],
    "/config.js": () => ["text/javascript", `window.CONFIG = ${JSON.stringify(config())};`],
    "/index.html": () => ["text/html", page("")],
    "/callback.html": () => [
      "text/html",
      page(`mgr.signinRedirectCallback().then(
        (u) => { window.__done = { ok: true, profile: u.profile, scope: u.scope, hasRefresh: !!u.refresh_token, access: u.access_token }; },
        (e) => { window.__done = { ok: false, error: String(e) }; });`),
    ],
    "/signed-out.html": () => ["text/html", page("window.__signedOut = true;")],
  };
  const server = createServer((req, res) => {
    const route = routes[(req.url ?? "").split("?")[0] ?? ""];
    if (!route) return void res.writeHead(404).end();
    const [type, body] = route();
    res.writeHead(200, { "content-type": `${type}; charset=utf-8` }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

interface Done {
  ok: boolean;
  error?: string;
  profile: Record<string, unknown>;
  scope: string;
  hasRefresh: boolean;
  access: string;
}

let pool: TestPool;
let app: { url: string; server: Server };
let browser: Browser;

before(async () => {
  let appUrl = "";
  app = await startApp(() => ({
    authority: `${pool.publicUrl}/${POOL_ID}`,
    clientId: CLIENT_ID,
    app: appUrl,
  }));
  appUrl = app.url;
  pool = await startTestPool({
    seed: {
      pools: [
        {
          id: POOL_ID,
          name: "browser",
          autoVerifiedAttributes: ["email"],
          clients: [
            {
              id: CLIENT_ID,
              name: "spa",
              callbackUrls: [`${app.url}/callback.html`],
              logoutUrls: [`${app.url}/signed-out.html`],
            },
          ],
          groups: [{ name: "editor" }],
          users: [
            {
              username: "alice",
              password: PASSWORD,
              attributes: { email: "alice@example.com", name: "Alice" },
              groups: ["editor"],
            },
            {
              username: "temp",
              password: "Temp-Pass-1",
              temporaryPassword: true,
              attributes: { email: "temp@example.com" },
            },
          ],
        },
      ],
    },
  });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => app?.server.close(resolve));
  await pool?.cleanup();
});

/** Starts oidc-client-ts's redirect sign-in and waits for the hosted login page. */
async function startSignIn(page: Page): Promise<void> {
  await page.goto(`${app.url}/index.html`);
  void page
    .evaluate(() => (window as unknown as { mgr: { signinRedirect(): Promise<void> } }).mgr.signinRedirect())
    .catch(() => {});
  await page.waitForURL(/\/login\?/);
}

async function callbackResult(page: Page): Promise<Done> {
  await page.waitForURL(/\/callback\.html/);
  await page.waitForFunction(() => (window as unknown as { __done?: unknown }).__done !== undefined);
  return page.evaluate(() => (window as unknown as { __done: Done }).__done);
}

describe("oidc-client-ts in headless Chromium", { skip: browserSkip }, () => {
  test("signs in through the hosted pages with code + PKCE, refreshes, reads userInfo, signs out", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await startSignIn(page);
    assert.equal(await page.getAttribute("#username", "autocomplete"), "username");
    assert.equal(await page.locator("label[for=password]").textContent(), "Password");
    const authorizeUrl = new URL(page.url());
    assert.equal(authorizeUrl.searchParams.get("code_challenge_method"), "S256");
    assert.ok(authorizeUrl.searchParams.get("code_challenge"));

    await page.fill("#username", "alice");
    await page.fill("#password", "Wrong-Pass-1");
    await page.click("button[type=submit]");
    assert.match(
      (await page.locator("[role=alert]").textContent()) ?? "",
      /Incorrect username or password\./,
    );
    await page.fill("#password", PASSWORD);
    await page.click("button[type=submit]");
    const done = await callbackResult(page);
    assert.equal(done.ok, true, done.error);
    assert.equal(done.profile["email"], "alice@example.com");
    assert.equal(done.profile["username"], "alice", "only userInfo returns `username`: it was read");
    assert.deepEqual(done.profile["cognito:groups"], ["editor"]);
    assert.equal(done.hasRefresh, true);

    const refreshed = await page.evaluate(async () => {
      const mgr = (
        window as unknown as {
          mgr: { signinSilent(): Promise<{ access_token: string; profile: Record<string, unknown> } | null> };
        }
      ).mgr;
      const user = await mgr.signinSilent();
      return { access: user?.access_token, email: user?.profile["email"] };
    });
    assert.ok(refreshed.access);
    assert.notEqual(refreshed.access, done.access);
    assert.equal(refreshed.email, "alice@example.com");

    const info = await page.evaluate(async (url) => {
      const mgr = (window as unknown as { mgr: { getUser(): Promise<{ access_token: string } | null> } }).mgr;
      const user = await mgr.getUser();
      const res = await fetch(url, { headers: { authorization: `Bearer ${user?.access_token}` } });
      return { status: res.status, body: await res.json() };
    }, `${pool.publicUrl}/oauth2/userInfo`);
    assert.equal(info.status, 200);
    assert.equal(info.body.email_verified, "true");

    void page
      .evaluate(
        (cfg) => {
          const mgr = (window as unknown as { mgr: { signoutRedirect(a: unknown): Promise<void> } }).mgr;
          return mgr.signoutRedirect({
            extraQueryParams: { client_id: cfg.clientId, logout_uri: `${cfg.app}/signed-out.html` },
          });
        },
        { clientId: CLIENT_ID, app: app.url },
      )
      .catch(() => {});
    await page.waitForURL(/\/signed-out\.html/);
    assert.equal(
      (await context.cookies(pool.publicUrl)).some((c) => c.name === "cognito"),
      false,
    );
    // The hosted session is gone: signing in again shows the login page rather than returning silently.
    await startSignIn(page);
    await context.close();
  });

  test("a second sign-in in the same browser is silent (session cookie)", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await startSignIn(page);
    await page.fill("#username", "alice");
    await page.fill("#password", PASSWORD);
    await page.click("button[type=submit]");
    assert.equal((await callbackResult(page)).ok, true);
    await page.goto(`${app.url}/index.html`);
    void page
      .evaluate(() =>
        (window as unknown as { mgr: { signinRedirect(): Promise<void> } }).mgr.signinRedirect(),
      )
      .catch(() => {});
    const again = await callbackResult(page);
    assert.equal(again.ok, true, again.error);
    await context.close();
  });

  test("hosted sign-up with the confirmation code shown in local mode ends signed in", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await startSignIn(page);
    await page.click("text=Sign up");
    await page.waitForURL(/\/signup\?/);
    await page.fill("#username", "newbie");
    await page.fill("#email", "newbie@example.com");
    await page.fill("#password", "short");
    await page.click("button[type=submit]");
    assert.match((await page.locator("[role=alert]").textContent()) ?? "", /Password not long enough/);
    await page.fill("#password", PASSWORD);
    await page.click("button[type=submit]");
    const code = (await page.locator("#local-code").textContent()) ?? "";
    assert.match(code, /^\d{6}$/);
    assert.equal(code, pool.log.codeFor("newbie"), "the page shows the code the log shows");
    await page.fill("#code", code);
    await page.click("button[value=confirm]");
    const done = await callbackResult(page);
    assert.equal(done.ok, true, done.error);
    assert.equal(done.profile["cognito:username"], "newbie");
    // userInfo's string "true" (Cognito's observed form) is merged over the ID token's boolean by oidc-client-ts.
    assert.equal(String(done.profile["email_verified"]), "true");
    await context.close();
  });

  test("an admin-created user sets a new password at first sign-in", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await startSignIn(page);
    await page.fill("#username", "temp");
    await page.fill("#password", "Temp-Pass-1");
    await page.click("button[type=submit]");
    await page.waitForSelector("#new-password");
    await page.fill("#new-password", PASSWORD);
    await page.fill("#confirm-password", PASSWORD);
    await page.click("button[type=submit]");
    const done = await callbackResult(page);
    assert.equal(done.ok, true, done.error);
    assert.equal(done.profile["email"], "temp@example.com");
    await context.close();
  });
});
