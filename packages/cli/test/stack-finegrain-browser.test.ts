/**
 * Sharing a task in a real browser: the owner shares through the share dialog's people picker, and
 * the task appears in the other person's open page without a reload; revoking takes it away again.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { browserSkip, launchBrowser, screenshot } from "@tollgate/testkit/browser";
import { startTestStack, type TestStack } from "@tollgate/testkit/stack";
import { untilNextSecond } from "@tollgate/testkit/until";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { DEMO_PASSWORD, LOCAL_POOL_ID } from "../src/stack/local-seed.ts";

const GUEST = "guest.live@example.com";
const GUEST_PASSWORD = "Guest-Live-Pass-42";

describe("sharing a task reaches the other person's page live (browser)", { skip: browserSkip }, () => {
  let s: TestStack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    s = await startTestStack({ skipSpaBuild: false });
    browser = await launchBrowser();
    // A colleague in no group: without a role, they see only what is shared with them.
    await s.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: LOCAL_POOL_ID,
        Username: GUEST,
        MessageAction: "SUPPRESS",
        UserAttributes: [
          { Name: "email", Value: GUEST },
          { Name: "email_verified", Value: "true" },
          { Name: "name", Value: "Gus Guest" },
        ],
      }),
    );
    await s.cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: LOCAL_POOL_ID,
        Username: GUEST,
        Password: GUEST_PASSWORD,
        Permanent: true,
      }),
    );
    await untilNextSecond();
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await s?.stop();
  });

  async function signIn(email: string, password: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(s.app.url);
    await page.waitForURL(/\/login\?/, { timeout: 15000 });
    await page.fill("#username", email);
    await page.fill("#password", password);
    await page.click("button[type=submit]");
    await page.getByTestId("role-badge").waitFor({ timeout: 15000 });
    return page;
  }

  it("the owner shares through the dialog; the guest's open page shows the task, then loses it", async () => {
    const guest = await signIn(GUEST, GUEST_PASSWORD);
    await guest.getByTestId("no-access").waitFor({ timeout: 10000 });
    await guest.evaluate(() => {
      (window as unknown as { __noReload: number }).__noReload = 7;
    });

    const owner = await signIn("editor@example.com", DEMO_PASSWORD);
    await owner.getByTestId("new-task-input").fill("Plan the offsite");
    await owner.getByTestId("new-task-submit").click();
    const row = owner.getByTestId("task-row").filter({ hasText: "Plan the offsite" });
    await row.getByTestId("task-share").waitFor({ timeout: 10000 });
    await row.getByTestId("task-share").click();
    const dialog = owner.getByTestId("share-dialog");
    await dialog.getByTestId("share-row").filter({ hasText: "Owner" }).waitFor();
    await dialog.getByTestId("share-user").fill(GUEST);
    await dialog.getByTestId("share-role").selectOption("viewer");
    await dialog.getByTestId("share-submit").click();
    await dialog.getByTestId("share-row").filter({ hasText: "Can view" }).waitFor();
    await screenshot(owner, "app-share-dialog");

    // Live: the guest's page lists the task without a reload, read-only.
    const shared = guest.getByTestId("task-row").filter({ hasText: "Plan the offsite" });
    await shared.waitFor({ timeout: 10000 });
    assert.equal(await shared.getByTestId("task-edit").count(), 0);
    assert.equal(await shared.getByTestId("task-share").count(), 0);
    assert.equal(await shared.getByTestId("task-checkbox").isDisabled(), true);
    await screenshot(guest, "app-guest-shared-task");

    // Promoted to editor: the edit button appears live.
    await dialog.getByTestId("share-role").selectOption("editor");
    await dialog.getByTestId("share-user").fill(GUEST);
    await dialog.getByTestId("share-submit").click();
    await shared.getByTestId("task-edit").waitFor({ timeout: 10000 });

    // Revoked: the task leaves the guest's page, which is back to "no access".
    await dialog.getByTestId("share-row").filter({ hasText: "Can edit" }).getByTestId("share-remove").click();
    await shared.waitFor({ state: "detached", timeout: 10000 });
    await guest.getByTestId("no-access").waitFor({ timeout: 10000 });
    assert.equal(
      await guest.evaluate(() => (window as unknown as { __noReload?: number }).__noReload),
      7,
      "no reload",
    );
  });
});
