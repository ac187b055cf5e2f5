/**
 * The tutorial's "Let's test it" with the console as the Permit dashboard, on the whole local stack
 * (authorization service + user pool + tasks app): revoke a permission in the policy editor and the
 * SDK's next check denies it, while the tasks app, open in another tab, reflects it without a reload.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEMO_PASSWORD } from "@tollgate/cli/stack";
import { browserSkip, launchBrowser, screenshot } from "@tollgate/testkit/browser";
import { startTestStack, type TestStack } from "@tollgate/testkit/stack";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { ensureConsoleBuilt } from "./build.ts";
import { assertAccessible, openConsole } from "./console-page.ts";

describe("the console as the tutorial's Permit dashboard, on the whole stack", { skip: browserSkip }, () => {
  let s: TestStack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    // The service serves the console only if it is built when it starts.
    await ensureConsoleBuilt();
    [s, browser] = await Promise.all([startTestStack({ skipSpaBuild: false }), launchBrowser()]);
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await s?.stop();
  });

  async function signIntoTasksApp(email: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(s.app.url);
    await page.waitForURL(/\/login\?/);
    await page.fill("#username", email);
    await page.fill("#password", DEMO_PASSWORD);
    await page.click("button[type=submit]");
    await page.waitForURL(
      (url) => url.origin === new URL(s.app.url).origin && !url.pathname.startsWith("/callback"),
    );
    await page.getByTestId("role-badge").waitFor();
    return page;
  }

  it("unchecking Editor's task:delete denies the SDK's next check and removes the app's delete buttons without a reload", async (t) => {
    const token = await s.accessToken("editor@example.com");
    // Created by the admin: a task the editor created would be theirs, and owners keep `delete`
    // on their own tasks whatever their tenant role (issue 11).
    const admin = await s.accessToken("admin@example.com");
    const created = await s.api(admin, "POST", "/api/tasks", { title: "Revoke me" });
    assert.equal(created.status, 201);
    const app = await signIntoTasksApp("editor@example.com");
    await app.getByTestId("task-row").filter({ hasText: "Revoke me" }).waitFor();
    assert.ok((await app.getByTestId("task-delete").count()) > 0);
    await app.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });
    const sub = await app.evaluate(() => {
      const key = Object.keys(sessionStorage).find((k) => k.startsWith("oidc.user:"))!;
      return (JSON.parse(sessionStorage.getItem(key)!) as { profile: { sub: string } }).profile.sub;
    });
    assert.equal(await s.permit.check(sub, "delete", "task"), true);

    const dashboard = await openConsole(browser, s.authz.url, s.authz.apiKey);
    contexts.push(dashboard.context());
    const box = dashboard.getByTestId("perm:editor:task:delete");
    assert.equal(await box.isChecked(), true);
    const started = Date.now();
    await box.uncheck();
    await dashboard.getByTestId("save-status").filter({ hasText: "no longer has task:delete" }).waitFor();
    // The save is acknowledged only once decisions use it: the very next check denies.
    assert.equal(await s.permit.check(sub, "delete", "task"), false);
    // How fast belongs to the bench (bench/scale/propagation.ts); here: that it follows, no reload.
    await app.waitForFunction(
      () => document.querySelectorAll('[data-testid="task-delete"]').length === 0,
      undefined,
      { timeout: 30_000 },
    );
    t.diagnostic(`the tasks app followed ${Date.now() - started} ms after the save`);
    assert.equal(
      await app.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
      true,
      "the tasks app was not reloaded",
    );
    assert.equal((await s.api(token, "DELETE", `/api/tasks/${created.body.id}`)).status, 403);
    await screenshot(dashboard, "console-stack-revoked");
    await screenshot(app, "console-stack-app-after-revoke");
    await assertAccessible(dashboard, "console on the stack");

    // And back: checking it again brings the buttons back, still without a reload.
    await box.check();
    await dashboard.getByTestId("save-status").filter({ hasText: "now has task:delete" }).waitFor();
    assert.equal(await s.permit.check(sub, "delete", "task"), true);
    await app.getByTestId("task-delete").first().waitFor({ timeout: 30_000 });
  });
});
