/**
 * The hosted sign-in pages as a person sees them: the app's name and mark, designed type, light and
 * dark, a show-password toggle and a live checklist of the pool's password rules — at desktop and
 * phone width, clean under axe-core, with a CSP that allows only same-origin script and style, and
 * every form still working with JavaScript off.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { browserSkip, launchBrowser, screenshot, seriousA11yViolations } from "@tollgate/testkit/browser";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { PASSWORD, startTestPool, type TestPool } from "./harness.ts";

const POOL_ID = "us-east-1_LookAndFeel";
const CLIENT_ID = "lookandfeel000000000000000";
const APP = "http://localhost:5999";

const VIEWPORTS = [
  { name: "desktop", width: 1280, height: 860 },
  { name: "phone", width: 390, height: 844 },
] as const;
const SCHEMES = ["light", "dark"] as const;

let pool: TestPool;
let browser: Browser;
const contexts: BrowserContext[] = [];

before(async () => {
  pool = await startTestPool({
    seed: {
      pools: [
        {
          id: POOL_ID,
          name: "look",
          usernameAttributes: ["email"],
          clients: [{ id: CLIENT_ID, name: "Acme Tasks", callbackUrls: [`${APP}/callback`] }],
          users: [
            { username: "ada@example.com", password: PASSWORD, attributes: { email: "ada@example.com" } },
            {
              username: "temp@example.com",
              password: "Temp-Pass-1",
              temporaryPassword: true,
              attributes: { email: "temp@example.com" },
            },
          ],
        },
      ],
    },
  });
  if (!browserSkip) browser = await launchBrowser();
});

after(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await pool?.cleanup();
});

const loginUrl = () =>
  `${pool.publicUrl}/login?${new URLSearchParams({
    client_id: CLIENT_ID,
    redirect_uri: `${APP}/callback`,
    response_type: "code",
    scope: "openid email",
    state: "s1",
  })}`;

/** A browser context whose app callback is answered in-process, with CSP violations collected. */
async function open(options: {
  width: number;
  height: number;
  scheme: "light" | "dark";
  javaScript?: boolean;
}): Promise<{ page: Page; cspViolations: string[] }> {
  const context = await browser.newContext({
    viewport: { width: options.width, height: options.height },
    colorScheme: options.scheme,
    javaScriptEnabled: options.javaScript ?? true,
  });
  contexts.push(context);
  await context.route(`${APP}/**`, (route) =>
    route.fulfill({
      status: 200,
      contentType: "text/html",
      body: "<!doctype html><title>app</title>signed in",
    }),
  );
  const page = await context.newPage();
  const cspViolations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  return { page, cspViolations };
}

const backgroundOf = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const luminance = (rgb: string) => {
  const [r = 0, g = 0, b = 0] = (rgb.match(/\d+/g) ?? []).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
};

describe("the hosted pages look like a product", { skip: browserSkip }, () => {
  for (const viewport of VIEWPORTS)
    for (const scheme of SCHEMES)
      test(`login, sign-up, confirm and new-password at ${viewport.width} px, ${scheme}`, async () => {
        const { page, cspViolations } = await open({ ...viewport, scheme });
        const tag = `hosted-${viewport.name}-${scheme}`;

        await page.goto(loginUrl());
        assert.equal((await page.getByTestId("app-name").textContent())?.trim(), "Acme Tasks");
        assert.match(await page.title(), /^Sign in · Acme Tasks$/);
        const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
        assert.match(font, /^system-ui/, "the system font stack, not the browser's default serif");
        const bg = luminance(await backgroundOf(page));
        if (scheme === "dark") assert.ok(bg < 0.2, `a dark background in dark mode (${bg})`);
        else assert.ok(bg > 0.8, `a light background in light mode (${bg})`);
        // Nothing overflows sideways on a phone.
        assert.equal(
          await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
          true,
        );
        // The toggle is there (the script ran under the CSP).
        await page.getByRole("button", { name: "Show password" }).waitFor();
        await screenshot(page, `${tag}-login`);
        assert.deepEqual(await seriousA11yViolations(page), []);

        // A wrong password: the error reads next to the form, the page still looks right.
        await page.fill("#username", "ada@example.com");
        await page.fill("#password", "Wrong-Pass-1");
        await page.click("button[type=submit]");
        await page.locator("[role=alert]").waitFor();
        await screenshot(page, `${tag}-login-error`);
        assert.deepEqual(await seriousA11yViolations(page), []);

        await page.click("text=Sign up");
        await page.waitForURL(/\/signup\?/);
        await page.fill("#email", `new-${viewport.name}-${scheme}@example.com`);
        await page.fill("#password", "abcdefgh1");
        await screenshot(page, `${tag}-signup-typing`);
        assert.deepEqual(await seriousA11yViolations(page), []);
        await page.fill("#password", PASSWORD);
        await page.click("button[type=submit]");
        await page.locator("#local-code").waitFor();
        await screenshot(page, `${tag}-confirm`);
        assert.deepEqual(await seriousA11yViolations(page), []);

        await page.goto(`${pool.publicUrl}/error?error=redirect_mismatch`);
        await screenshot(page, `${tag}-error`);
        assert.deepEqual(await seriousA11yViolations(page), []);

        await page.goto(loginUrl());
        await page.fill("#username", "temp@example.com");
        await page.fill("#password", "Temp-Pass-1");
        await page.click("button[type=submit]");
        await page.waitForSelector("#new-password");
        await page.fill("#new-password", PASSWORD);
        await page.fill("#confirm-password", "Correct-Horse");
        await screenshot(page, `${tag}-new-password`);
        assert.deepEqual(await seriousA11yViolations(page), []);

        assert.deepEqual(cspViolations, [], "no script or style was refused");
      });

  test("the password checklist follows what is typed, rule by rule", async () => {
    const { page } = await open({ width: 1280, height: 860, scheme: "light" });
    await page.goto(loginUrl());
    await page.click("text=Sign up");
    await page.waitForURL(/\/signup\?/);
    const met = () =>
      page.$$eval("#password-hint li", (items) =>
        items.filter((li) => li.classList.contains("met")).map((li) => li.getAttribute("data-rule")),
      );
    assert.deepEqual(
      await page.$$eval("#password-hint li", (items) => items.map((li) => li.getAttribute("data-rule"))),
      ["length", "lower", "upper", "number", "symbol"],
      "the pool's policy (Cognito's default), one item per rule",
    );
    assert.deepEqual(await met(), []);
    await page.fill("#password", "abc");
    assert.deepEqual(await met(), ["lower"]);
    await page.fill("#password", "abcdefgH");
    assert.deepEqual(await met(), ["length", "lower", "upper"]);
    await page.fill("#password", "abcdefgH 1");
    assert.deepEqual(
      await met(),
      ["length", "lower", "upper", "number", "symbol"],
      "space counts as a symbol",
    );
    // Screen readers hear the state too, not only the color.
    assert.match((await page.locator("#password-hint li[data-rule=lower]").textContent()) ?? "", /\(done\)/);
    await page.fill("#password", "ABCDEFGHIJ");
    assert.deepEqual(await met(), ["length", "upper"]);
  });

  test("show/hide password toggles the field and hides it again before the form is sent", async () => {
    const { page } = await open({ width: 390, height: 844, scheme: "light" });
    await page.goto(loginUrl());
    await page.fill("#username", "ada@example.com");
    await page.fill("#password", PASSWORD);
    await page.getByRole("button", { name: "Show password" }).click();
    assert.equal(await page.getAttribute("#password", "type"), "text");
    assert.equal(await page.inputValue("#password"), PASSWORD);
    await page.getByRole("button", { name: "Hide password" }).click();
    assert.equal(await page.getAttribute("#password", "type"), "password");
    await page.getByRole("button", { name: "Show password" }).click();
    // Enter submits the form (the toggle is type=button, so it never submits by itself).
    await page.press("#password", "Enter");
    await page.waitForURL(/localhost:5999\/callback\?code=/);
  });

  test("the new-password page says when both passwords match", async () => {
    const { page } = await open({ width: 1280, height: 860, scheme: "dark" });
    await page.goto(loginUrl());
    await page.fill("#username", "temp@example.com");
    await page.fill("#password", "Temp-Pass-1");
    await page.click("button[type=submit]");
    await page.waitForSelector("#new-password");
    const matches = () => page.locator("#password-match li").evaluate((li) => li.classList.contains("met"));
    await page.fill("#new-password", PASSWORD);
    assert.equal(await matches(), false);
    await page.fill("#confirm-password", PASSWORD);
    assert.equal(await matches(), true);
    await page.fill("#new-password", `${PASSWORD}x`);
    assert.equal(await matches(), false, "editing the first field updates the match too");
  });

  test("with JavaScript off every form still works, and the rules read as a plain list", async () => {
    const { page } = await open({ width: 390, height: 844, scheme: "light", javaScript: false });
    await page.goto(loginUrl());
    assert.equal(await page.locator("button.reveal").count(), 0);
    await page.click("text=Sign up");
    await page.waitForURL(/\/signup\?/);
    assert.match((await page.locator("#password-hint").textContent()) ?? "", /At least 8 characters/);
    await page.fill("#email", "nojs@example.com");
    await page.fill("#password", PASSWORD);
    await page.click("button[type=submit]");
    const code = (await page.locator("#local-code").textContent()) ?? "";
    await page.fill("#code", code);
    await page.click("button[value=confirm]");
    await page.waitForURL(/localhost:5999\/callback\?code=/);
  });
});

describe("the hosted pages' CSP and assets", () => {
  test("pages allow script and style only from the pool itself, and carry no inline script or handler", async () => {
    const res = await fetch(loginUrl());
    const csp = res.headers.get("content-security-policy") ?? "";
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.match(csp, /frame-ancestors 'none'/);
    const page = await res.text();
    assert.doesNotMatch(page, /<script(?![^>]*\ssrc=)[^>]*>/, "no inline script");
    assert.doesNotMatch(page, /\son[a-z]+=/i, "no inline event handler");
    assert.doesNotMatch(page, /style=/, "no inline style");
  });

  test("the stylesheet and script are served with their types; anything else is a 404", async () => {
    const page = await (await fetch(loginUrl())).text();
    for (const [name, type] of [
      ["page.css", "text/css"],
      ["page.js", "text/javascript"],
    ] as const) {
      const href = page.match(new RegExp(`"(hosted-ui/${name.replace(".", "\\.")}\\?v=[0-9a-f]+)"`))?.[1];
      assert.ok(href, `the page links ${name} with a version`);
      const res = await fetch(new URL(href, `${pool.publicUrl}/login`));
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type") ?? "", new RegExp(`^${type}`));
      assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    }
    for (const name of ["constructor", "__proto__", "..%2Fpage.ts", "page.ts", "toString"]) {
      const res = await fetch(`${pool.publicUrl}/hosted-ui/${name}`);
      assert.equal(res.status, 404, name);
    }
  });

  test("the app's name is the client's, escaped; pages outside a sign-in show the product", async () => {
    const created = await fetch(`${pool.publicUrl}/error?error=invalid_client`);
    assert.match(await created.text(), /<span>Tollgate<\/span>/);
    const login = await (await fetch(loginUrl())).text();
    assert.match(login, /<span>Acme Tasks<\/span>/);
  });
});
