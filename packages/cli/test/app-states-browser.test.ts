/**
 * The tasks app's less travelled states, as a newcomer meets them (issue 15, and the no-access screen
 * of issue 9): no role yet, a page that does not exist, the authorization service down, long titles,
 * messages, the role popover and the add button on a phone, invitation mistakes. Each at 1280 px and
 * 390 px, light and dark, with screenshots and axe-core, against the real stack.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminSetUserPasswordCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { browserSkip, launchBrowser, screenshot, seriousA11yViolations } from "@tollgate/testkit/browser";
import { startTestStack, type TestStack } from "@tollgate/testkit/stack";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { DEMO_PASSWORD, LOCAL_POOL_ID } from "../src/stack/local-seed.ts";

const LOOKS = [
  { tag: "desktop", width: 1280, height: 900, scheme: "light" },
  { tag: "desktop-dark", width: 1280, height: 900, scheme: "dark" },
  { tag: "phone", width: 390, height: 844, scheme: "light" },
  { tag: "phone-dark", width: 390, height: 844, scheme: "dark" },
] as const;
type Look = (typeof LOOKS)[number];

describe("the tasks app's other states in a browser", { skip: browserSkip }, () => {
  let s: TestStack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    s = await startTestStack({ skipSpaBuild: false });
    browser = await launchBrowser();
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await s?.stop();
  });

  async function signIn(
    email: string,
    options: { width?: number; height?: number; scheme?: "light" | "dark"; withRole?: boolean } = {},
  ): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
      colorScheme: options.scheme ?? "light",
    });
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
    if (options.withRole !== false)
      await page.waitForFunction(
        () => !!document.querySelector('[data-testid="role-badge"]')?.getAttribute("data-permissions"),
      );
    return page;
  }

  async function look(page: Page, l: Look): Promise<void> {
    await page.setViewportSize({ width: l.width, height: l.height });
    await page.emulateMedia({ colorScheme: l.scheme });
    // Colors ease between schemes: let the transitions finish before a screenshot or a contrast check.
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running"));
  }

  async function assertAccessible(page: Page, where: string): Promise<void> {
    const violations = await seriousA11yViolations(page);
    assert.deepEqual(violations, [], `${where}: ${JSON.stringify(violations)}`);
  }

  const noSidewaysScroll = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

  /** A pool user in no group at all: the user pool's own admin API, as an operator would. */
  async function createUserWithoutGroup(email: string): Promise<void> {
    await s.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: LOCAL_POOL_ID,
        Username: email,
        UserAttributes: [
          { Name: "email", Value: email },
          { Name: "email_verified", Value: "true" },
        ],
        MessageAction: "SUPPRESS",
      }),
    );
    await s.cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: LOCAL_POOL_ID,
        Username: email,
        Password: DEMO_PASSWORD,
        Permanent: true,
      }),
    );
  }

  it("a signed-in user with no role sees 'You have no access yet — ask an admin', and the app once given one", async () => {
    const email = "newcomer@example.com";
    await createUserWithoutGroup(email);
    const page = await signIn(email, { withRole: false });
    // The login-time sync gives a user whose groups map to no role no role at all. (Where the server
    // still gives a default role, take it away here: the screen is about what the SPA receives.)
    const sub = await page.evaluate(
      () =>
        JSON.parse(
          sessionStorage.getItem(Object.keys(sessionStorage).find((k) => k.startsWith("oidc.user:"))!)!,
        ).profile.sub as string,
    );
    for (const r of await s.permit.api.users.getAssignedRoles({ user: sub }))
      await s.permit.api.users.unassignRole({ user: sub, role: r.role, tenant: r.tenant ?? "default" });
    await page.reload();
    await page.getByTestId("no-access").waitFor();
    assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "You have no access yet");
    assert.match((await page.getByTestId("no-access").textContent()) ?? "", /Ask an admin/);
    assert.equal(await page.getByTestId("role-badge").textContent(), "Your role: No role");
    assert.equal(await page.getByTestId("new-task-form").count(), 0);
    for (const l of LOOKS) {
      await look(page, l);
      assert.ok((await noSidewaysScroll(page)) <= 0, `${l.tag}: no sideways scroll`);
      await screenshot(page, `app-no-access-${l.tag}`);
      await assertAccessible(page, `no access, ${l.tag}`);
    }

    // An admin gives them a role: the app appears without a reload.
    await page.evaluate(() => {
      (window as unknown as { __same: boolean }).__same = true;
    });
    await s.permit.api.users.assignRole({ user: sub, role: "viewer", tenant: "default" });
    await page.getByRole("heading", { level: 1, name: "Tasks" }).waitFor({ timeout: 10_000 });
    assert.equal(await page.getByTestId("no-access").count(), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { __same?: boolean }).__same), true);
    await s.cognito.send(new AdminDeleteUserCommand({ UserPoolId: LOCAL_POOL_ID, Username: email }));
  });

  it("a path the app has no page for is a real 'page not found', with the way back", async () => {
    const page = await signIn("viewer@example.com");
    await page.goto(`${s.app.url}/no/such/page`);
    await page.getByTestId("not-found").waitFor();
    assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "Page not found");
    assert.match(await page.title(), /^Page not found/);
    for (const l of LOOKS) {
      await look(page, l);
      assert.ok((await noSidewaysScroll(page)) <= 0, `${l.tag}: no sideways scroll`);
      await screenshot(page, `app-not-found-${l.tag}`);
      await assertAccessible(page, `not found, ${l.tag}`);
    }
    await page.getByTestId("not-found-home").click();
    await page.getByRole("heading", { level: 1, name: "Tasks" }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/");
  });

  it("the role popover stays on screen on a phone; the add button shrinks to an icon there", async () => {
    const page = await signIn("editor@example.com");
    for (const l of LOOKS) {
      await look(page, l);
      await page.getByTestId("role-badge").click();
      const popover = page.locator(".role-popover");
      await popover.waitFor();
      const box = (await popover.boundingBox())!;
      assert.ok(box.x >= 0, `${l.tag}: the popover starts at ${box.x}px`);
      assert.ok(box.x + box.width <= l.width, `${l.tag}: the popover ends at ${box.x + box.width}px`);
      await screenshot(page, `app-role-popover-${l.tag}`);
      await assertAccessible(page, `role popover, ${l.tag}`);
      await page.keyboard.press("Escape");
      await popover.waitFor({ state: "hidden" });

      const button = page.getByTestId("new-task-submit");
      const input = page.getByTestId("new-task-input");
      const buttonWidth = (await button.boundingBox())!.width;
      const inputWidth = (await input.boundingBox())!.width;
      if (l.width === 390) {
        assert.ok(buttonWidth <= 56, `${l.tag}: the add button is an icon (${buttonWidth}px)`);
        assert.ok(inputWidth >= 250, `${l.tag}: the title input keeps the width (${inputWidth}px)`);
      } else {
        assert.match((await button.textContent()) ?? "", /Add task/);
      }
      // Its name stays for screen readers either way.
      assert.equal(await page.getByRole("button", { name: "Add task" }).count(), 1);
    }
  });

  it("a long title shows how much is left as you type; right-to-left titles read right", async () => {
    const page = await signIn("editor@example.com");
    const input = page.getByTestId("new-task-input");
    const count = page.getByTestId("title-count");
    await input.fill("Short");
    assert.equal(await count.isVisible(), false, "no counter for a short title");
    await input.fill("x".repeat(160));
    await count.filter({ hasText: "160 / 200 characters" }).waitFor();
    await input.fill("y".repeat(260));
    assert.equal((await input.inputValue()).length, 200);
    await count.filter({ hasText: "200 / 200 characters — that's the limit." }).waitFor();
    for (const l of LOOKS) {
      await look(page, l);
      assert.ok((await noSidewaysScroll(page)) <= 0, `${l.tag}: no sideways scroll`);
      await screenshot(page, `app-title-limit-${l.tag}`);
      await assertAccessible(page, `title limit, ${l.tag}`);
    }
    await look(page, LOOKS[0]);

    await input.fill("مراجعة التقرير الشهري");
    await page.getByTestId("new-task-submit").click();
    const title = page.getByTestId("task-title").filter({ hasText: "مراجعة التقرير الشهري" });
    await title.waitFor();
    assert.equal(await title.getAttribute("dir"), "auto");
    // The list re-renders when the live update for this very task arrives, replacing the row; read the
    // direction off whichever row is in the document (a detached one has no computed style).
    await page.waitForFunction(
      (text) =>
        [...document.querySelectorAll("[data-testid=task-title]")].some(
          (e) => e.textContent?.includes(text) && getComputedStyle(e).direction === "rtl",
        ),
      "مراجعة التقرير الشهري",
      { timeout: 30_000 },
    );
  });

  it("messages are few and short, wrap long words, and never cover a row's buttons", async () => {
    const page = await signIn("editor@example.com");
    const word = "Supercalifragilistic".repeat(8);
    for (let i = 0; i < 7; i++) {
      await page.getByTestId("new-task-input").fill(`${word} ${i}`);
      await page.getByTestId("new-task-submit").click();
      await page
        .getByTestId("task-title")
        .filter({ hasText: `${word} ${i}` })
        .waitFor();
    }
    const shown = page.locator('[data-testid="notices-status"] .notice');
    assert.ok((await shown.count()) <= 1, "one confirmation at a time");
    assert.equal(await page.getByTestId("notices-alert").locator(".notice").count(), 0);

    for (const l of LOOKS) {
      await look(page, l);
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      // A fresh message, then: no row button under any message, and nothing sticks out sideways.
      const row = page.getByTestId("task-row").filter({ hasText: word }).last();
      await row.getByTestId("task-delete").click();
      await page.getByTestId("confirm-accept").click();
      await page.locator(".notice").first().waitFor();
      // Covered = the topmost thing at a button's centre is a message (under the sticky header it
      // is the header that hides it, whatever the messages do).
      const overlap = await page.evaluate(
        () =>
          [...document.querySelectorAll('[data-testid="task-row"] button')].filter((b) => {
            const r = b.getBoundingClientRect();
            const x = r.left + r.width / 2;
            const y = r.top + r.height / 2;
            if (y < 0 || y > window.innerHeight) return false;
            return !!document.elementFromPoint(x, y)?.closest(".notice");
          }).length,
      );
      assert.equal(overlap, 0, `${l.tag}: a message covers ${overlap} row button(s)`);
      const wide = await page.evaluate(
        () =>
          [...document.querySelectorAll(".notice, .task-title")].filter(
            (e) => e.scrollWidth > e.clientWidth + 1,
          ).length,
      );
      assert.equal(wide, 0, `${l.tag}: long words wrap inside messages and titles`);
      assert.ok((await noSidewaysScroll(page)) <= 0, `${l.tag}: no sideways scroll`);
      await screenshot(page, `app-messages-${l.tag}`);
      await assertAccessible(page, `messages, ${l.tag}`);
    }
  });

  it("inviting: an e-mail already on the team is an error beside the field; the temporary password goes when that user is removed", async () => {
    const page = await signIn("admin@example.com");
    await page.getByTestId("nav-users").click();
    await page.getByTestId("invite-email").fill("editor@example.com");
    await page.getByTestId("invite-submit").click();
    const error = page.getByTestId("invite-email-error");
    await error.waitFor();
    assert.match((await error.textContent()) ?? "", /already on the team/);
    assert.equal(await page.getByTestId("invite-email").getAttribute("aria-invalid"), "true");
    assert.equal(
      await page.getByTestId("invite-email").getAttribute("aria-describedby"),
      await error.getAttribute("id"),
    );
    assert.equal(
      await page.getByTestId("notices-alert").locator(".notice").count(),
      0,
      "not a message as well",
    );
    for (const l of LOOKS) {
      await look(page, l);
      await screenshot(page, `app-invite-error-${l.tag}`);
      await assertAccessible(page, `invite error, ${l.tag}`);
    }
    await look(page, LOOKS[0]);
    // Typing again clears it.
    await page.getByTestId("invite-email").fill("short.stay@example.com");
    assert.equal(await error.count(), 0);

    await page.getByTestId("invite-submit").click();
    await page.getByTestId("temporary-password-panel").waitFor();
    const row = page.getByTestId("user-row").filter({ hasText: "short.stay@example.com" });
    await row.waitFor();
    await row.getByTestId("user-delete").click();
    await page.getByTestId("confirm-accept").click();
    await row.waitFor({ state: "detached" });
    await page.getByTestId("temporary-password-panel").waitFor({ state: "detached" });

    // Removed elsewhere (another admin, the pool): the panel goes too.
    await page.getByTestId("invite-email").fill("gone.elsewhere@example.com");
    await page.getByTestId("invite-submit").click();
    await page.getByTestId("temporary-password-panel").waitFor();
    await page.getByTestId("user-row").filter({ hasText: "gone.elsewhere@example.com" }).waitFor();
    const token = await s.accessToken("admin@example.com");
    const users = (await s.api(token, "GET", "/api/users")).body.users as {
      username: string;
      email: string;
    }[];
    const gone = users.find((u) => u.email === "gone.elsewhere@example.com")!;
    assert.equal(
      (await s.api(token, "DELETE", `/api/users/${encodeURIComponent(gone.username)}`)).status,
      204,
    );
    await page.getByTestId("temporary-password-panel").waitFor({ state: "detached", timeout: 10_000 });
  });

  it("the main screens in every look: tasks and users at 1280 and 390 px, light and dark", async () => {
    const page = await signIn("admin@example.com");
    await page.getByTestId("new-task-input").fill("Read the quarterly report");
    await page.getByTestId("new-task-submit").click();
    await page.getByTestId("task-title").filter({ hasText: "Read the quarterly report" }).waitFor();
    for (const [screen, nav] of [
      ["tasks", "nav-tasks"],
      ["users", "nav-users"],
    ] as const) {
      await page.getByTestId(nav).click();
      await page.getByTestId(screen === "tasks" ? "task-list" : "users-table").waitFor();
      for (const l of LOOKS) {
        await look(page, l);
        assert.ok((await noSidewaysScroll(page)) <= 0, `${screen}, ${l.tag}: no sideways scroll`);
        await screenshot(page, `app-${screen}-${l.tag}`);
        await assertAccessible(page, `${screen}, ${l.tag}`);
      }
    }
  });

  // Last: it stops the authorization service.
  it("with the authorization service down: one calm status, a neutral badge, no duplicated message, and retries", async () => {
    const page = await signIn("editor@example.com");
    let reads = 0;
    page.on("request", (r) => {
      if (new URL(r.url()).pathname === "/api/me/permissions") reads++;
    });
    await s.authz.close();
    await page.reload();
    const status = page.getByTestId("live-status");
    await status.filter({ hasText: "Permissions unavailable — retrying" }).waitFor();
    assert.equal(await status.getAttribute("data-status"), "degraded");
    const badge = page.getByTestId("role-badge");
    assert.equal(await badge.textContent(), "Your role: Role unknown");
    assert.doesNotMatch((await badge.getAttribute("class")) ?? "", /role-none/, "not the red 'No role'");
    await page.getByTestId("permissions-error").waitFor();
    const text = (await page.locator("body").textContent()) ?? "";
    assert.equal(text.split("Permissions unavailable").length - 1, 1, "said once");
    assert.doesNotMatch(text, /nothing was changed/i);
    assert.equal(await page.getByTestId("notices-alert").locator(".notice").count(), 0);
    // It keeps trying by itself.
    const seen = reads;
    await page.waitForResponse((r) => new URL(r.url()).pathname === "/api/me/permissions", {
      timeout: 20_000,
    });
    assert.ok(reads > seen, "the permissions are read again without anyone pressing a button");
    for (const l of LOOKS) {
      await look(page, l);
      assert.ok((await noSidewaysScroll(page)) <= 0, `${l.tag}: no sideways scroll`);
      await screenshot(page, `app-authz-down-${l.tag}`);
      await assertAccessible(page, `authorization service down, ${l.tag}`);
    }
  });
});
