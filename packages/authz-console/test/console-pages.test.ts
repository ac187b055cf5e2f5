/**
 * The policy console in Chromium against the real authorization service: every page, driven the way
 * a person would (keyboard included), with screenshots and axe-core on each. Decisions are asserted
 * through the real permitio SDK.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { applyTutorialPolicy, startTestAuthz, TEST_API_KEY, type TestAuthz } from "@tollgate/testkit/authz";
import { browserSkip, launchBrowser, screenshot } from "@tollgate/testkit/browser";
import type { Browser, Page } from "playwright-core";
import { ensureConsoleBuilt } from "./build.ts";
import { assertAccessible, goTo, horizontalOverflow, openConsole } from "./console-page.ts";

const USERS = 120;
const pad = (n: number) => String(n).padStart(4, "0");

/**
 * At 390 px the matrix either fits or says it scrolls, and no key breaks across lines (a key split
 * mid-word reads as two words).
 */
/** A page may show several "Loading…" placeholders at once (one per resource on the schema page); wait until none is left. */
async function pageLoaded(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-testid="loading"]') === null);
}

async function assertMatrixReadsOnAPhone(page: Page): Promise<void> {
  const m = await page.evaluate(() => {
    const box = document.querySelector(".matrix-scroll") as HTMLElement;
    const cue = document.querySelector('[data-testid="matrix-cue"]') as HTMLElement;
    const broken = [...document.querySelectorAll(".matrix code")]
      .filter((c) => c.getClientRects().length > 1 || c.getBoundingClientRect().height > 30)
      .map((c) => c.textContent);
    return {
      scrolls: box.scrollWidth > box.clientWidth,
      cueShown: !cue.hidden && cue.getBoundingClientRect().height > 0,
      broken,
    };
  });
  assert.deepEqual(m.broken, [], "no key is broken across lines");
  assert.equal(m.cueShown, m.scrolls, "the cue shows exactly when the matrix scrolls sideways");
  if (m.scrolls) {
    // Scrolled to the end, the cue goes: everything is in view.
    await page.evaluate(() => {
      const box = document.querySelector(".matrix-scroll") as HTMLElement;
      box.scrollLeft = box.scrollWidth;
    });
    await page.waitForFunction(
      () => (document.querySelector('[data-testid="matrix-cue"]') as HTMLElement).hidden,
    );
  }
}

/** The decision filter's longest choice is not cut off. */
async function assertDecisionFilterInFull(page: Page): Promise<void> {
  const fits = await page.evaluate(() => {
    const select = document.querySelector('[data-testid="audit-filter-decision"]') as HTMLSelectElement;
    const style = getComputedStyle(select);
    const context = document.createElement("canvas").getContext("2d")!;
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const text = context.measureText("Allowed and denied").width;
    // Text, the paddings and room for the drop-down arrow.
    const needed = text + Number.parseFloat(style.paddingLeft) + Number.parseFloat(style.paddingRight) + 20;
    return { width: select.getBoundingClientRect().width, needed };
  });
  assert.ok(fits.width >= fits.needed, `the decision filter is ${fits.width}px, needs ${fits.needed}px`);
}

describe("the policy console", { skip: browserSkip }, () => {
  let t: TestAuthz;
  let browser: Browser;
  let page: Page;

  before(async () => {
    await ensureConsoleBuilt();
    [t, browser] = await Promise.all([startTestAuthz(), launchBrowser()]);
    await applyTutorialPolicy(t.permit);
    for (const key of ["acme", "globex"]) await t.permit.api.tenants.create({ key, name: key.toUpperCase() });
    const operations = Array.from({ length: USERS }, (_, i) => ({
      key: `user-${pad(i)}`,
      email: `user${pad(i)}@example.com`,
      first_name: `Person${pad(i)}`,
      role_assignments:
        i % 3 === 0 ? [{ role: "editor", tenant: "default" }] : [{ role: "viewer", tenant: "default" }],
    }));
    const res = await t.http("POST", `${t.facts}/bulk/users`, { operations });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    page = await openConsole(browser, t.url, TEST_API_KEY);
  });

  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it("signs in from a #key= link (clearing the fragment), refuses a wrong key, and signs in by form with the keyboard", async () => {
    assert.equal(new URL(page.url()).hash, "", "the key left the address bar");
    assert.equal(
      await page.evaluate(() =>
        Object.values(sessionStorage).includes("permit_key_test_0123456789abcdefghijklmnop"),
      ),
      true,
    );
    await page.reload();
    await page.getByTestId("policy-matrix").waitFor();

    const other = await browser.newPage();
    await other.goto(`${t.url}/#key=wrong_key_0000000000`);
    await other.getByTestId("signin-error").filter({ hasText: "refused" }).waitFor();
    assert.equal(new URL(other.url()).hash, "");
    await screenshot(other, "console-signin");
    await assertAccessible(other, "sign-in");
    // Keyboard only: the key field has focus; type, Enter.
    await other.keyboard.type(TEST_API_KEY);
    await other.keyboard.press("Enter");
    await other.getByTestId("policy-matrix").waitFor();
    await other.getByTestId("sign-out").click();
    await other.getByTestId("signin-form").waitFor();
    assert.equal(await other.evaluate(() => sessionStorage.length), 0);
    await other.close();
  });

  it("policy editor: unchecking a permission makes the SDK's next check deny; checking it again allows", async () => {
    const editor = "user-0000";
    assert.equal(await t.permit.check(editor, "delete", "task"), true);
    const box = page.getByTestId("perm:editor:task:delete");
    assert.equal(await box.isChecked(), true);
    await box.uncheck();
    await page.getByTestId("save-status").filter({ hasText: "Editor no longer has task:delete" }).waitFor();
    assert.equal(await t.permit.check(editor, "delete", "task"), false);
    assert.deepEqual((await t.permit.api.roles.get("editor")).permissions?.includes("task:delete"), false);

    // Keyboard: arrow keys move between cells, Space toggles.
    await box.focus();
    await page.keyboard.press("Space");
    await page.getByTestId("save-status").filter({ hasText: "Editor now has task:delete" }).waitFor();
    // Plain words: no internal version numbers in what a person reads.
    assert.doesNotMatch((await page.getByTestId("save-status").textContent()) ?? "", /version|\d{2,}/);
    assert.equal(await t.permit.check(editor, "delete", "task"), true);
    await page.keyboard.press("ArrowLeft");
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute("data-testid")),
      "perm:admin:task:delete",
    );
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    assert.notEqual(outline, "none", "focus is visible");
    await screenshot(page, "console-policy");
    await assertAccessible(page, "policy editor");
  });

  it("policy editor: inherited permissions (from extends) are shown apart, follow live changes, and can't be toggled there", async () => {
    await t.http("PUT", `${t.schema}/roles/viewer/parents/editor`);
    // The change stream brings it in without a reload.
    const cell = page.getByTestId("perm:viewer:task:delete");
    try {
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid="perm:viewer:task:delete"]')?.getAttribute("data-state") ===
          "inherited",
        undefined,
        { timeout: 30_000 },
      );
      assert.match((await cell.getAttribute("aria-label")) ?? "", /inherited from Editor/);
      await cell.focus();
      await page.keyboard.press("Space");
      await page
        .getByTestId("notices-status")
        .filter({ hasText: "inherits task:delete from Editor" })
        .waitFor();
      // A real mouse click (Playwright's click() refuses aria-disabled elements) changes nothing either.
      const at = (await cell.boundingBox())!;
      await page.mouse.click(at.x + at.width / 2, at.y + at.height / 2);
      assert.equal(await cell.getAttribute("data-state"), "inherited");
      assert.equal(await cell.isChecked(), true);
      assert.equal((await t.permit.api.roles.get("viewer")).permissions?.includes("task:delete"), false);
      await screenshot(page, "console-policy-inherited");
    } finally {
      await t.http("DELETE", `${t.schema}/roles/viewer/parents/editor`);
    }
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="perm:viewer:task:delete"]')?.getAttribute("data-state") ===
        "none",
    );
  });

  it("policy editor: a failed save rolls back and explains", async () => {
    await page.route("**/roles/editor/permissions", (route) =>
      route.fulfill({
        status: 503,
        contentType: "application/json",
        body: JSON.stringify({
          id: "x",
          error_code: "UNAVAILABLE",
          title: "Unavailable",
          message: "storage is down",
        }),
      }),
    );
    const box = page.getByTestId("perm:editor:task:update");
    // click(), not uncheck(): the rollback can be over before Playwright looks at the box again.
    await box.click();
    const alert = page.getByTestId("notices-alert");
    await alert.filter({ hasText: "Could not revoke task:update from Editor" }).waitFor();
    assert.match((await alert.textContent()) ?? "", /storage is down.*set back/i);
    await page.waitForFunction(
      () => (document.querySelector('[data-testid="perm:editor:task:update"]') as HTMLInputElement).checked,
    );
    assert.equal(await t.permit.check("user-0000", "update", "task"), true, "nothing changed on the server");
    await screenshot(page, "console-policy-rollback");

    // A dropped connection rolls back too.
    await page.unroute("**/roles/editor/permissions");
    await page.route("**/roles/editor/permissions", (route) => route.abort("connectionreset"));
    await page.getByTestId("perm:editor:user:create").click();
    await alert.filter({ hasText: "could not be reached" }).waitFor();
    assert.equal(await page.getByTestId("perm:editor:user:create").isChecked(), false);
    await page.unroute("**/roles/editor/permissions");
    await page.getByRole("button", { name: "Dismiss" }).first().click();
    await page.getByRole("button", { name: "Dismiss" }).first().click();
  });

  it("schema: create, rename, add an action, and delete with a warning listing the permissions that go", async () => {
    await goTo(page, "schema", "Schema");
    await page.getByTestId("new-resource-name").fill("Document");
    assert.equal(await page.getByTestId("new-resource-key").inputValue(), "document");
    await page.getByTestId("new-resource-actions").fill("read, share");
    await page.getByTestId("new-resource-submit").click();
    const card = page.getByTestId("resource-document");
    await card.waitFor();
    assert.deepEqual(Object.keys((await t.permit.api.resources.get("document")).actions ?? {}).sort(), [
      "read",
      "share",
    ]);

    await card.getByTestId("resource-rename").click();
    await card.getByTestId("resource-rename-input").fill("Shared document");
    await card.getByTestId("resource-rename-input").press("Enter");
    await card.getByRole("heading", { name: /Shared document/ }).waitFor();
    assert.equal((await t.permit.api.resources.get("document")).name, "Shared document");

    await card.getByTestId("new-action-document").fill("archive");
    await card.getByTestId("add-action-document").click();
    await card.getByTestId("action-document-archive").waitFor();
    await card.getByTestId("new-attribute-document").fill("owner");
    await card.getByTestId("add-attribute-document").click();
    await card.getByTestId("attribute-document-owner").waitFor();
    await screenshot(page, "console-schema");
    await assertAccessible(page, "schema");

    await t.permit.api.roles.assignPermissions("editor", ["document:read", "document:archive"]);
    await card.getByTestId("resource-delete").click();
    const dialog = page.locator("dialog[open]");
    await dialog.getByTestId("delete-grants").filter({ hasText: "document:archive" }).waitFor();
    assert.match(
      (await dialog.getByTestId("delete-grants").textContent()) ?? "",
      /Editor: document:read, document:archive/,
    );
    await screenshot(page, "console-schema-delete-warning");
    await assertAccessible(page, "schema delete dialog");
    await dialog.getByTestId("confirm-accept").click();
    await card.waitFor({ state: "detached" });
    assert.equal(
      (await t.permit.api.roles.get("editor")).permissions?.some((p) => p.startsWith("document:")),
      false,
    );
  });

  it("roles: create with extends, cycle prevention in the form, the server's 400 shown, delete", async () => {
    await goTo(page, "roles", "Roles");
    await page.getByTestId("role-new").click();
    const form = page.getByTestId("role-form");
    await form.getByTestId("role-name").fill("Auditor");
    await form.getByTestId("extends-viewer").check();
    await form.getByTestId("role-save").click();
    await page.getByTestId("role-auditor").waitFor();
    assert.deepEqual((await t.http("GET", `${t.schema}/roles/auditor`)).body.extends, ["viewer"]);

    // Viewer can't extend Auditor: Auditor already extends Viewer.
    await page.getByTestId("role-viewer").getByTestId("role-edit").click();
    const edit = page.getByTestId("role-form");
    assert.equal(await edit.getByTestId("extends-auditor").isDisabled(), true);
    assert.match(
      (await edit.getByTestId("extends-cycle-auditor").textContent()) ?? "",
      /Viewer → Auditor → Viewer/,
    );
    await screenshot(page, "console-roles-edit");
    await assertAccessible(page, "role form");
    await edit.getByRole("button", { name: "Cancel" }).click();

    // A console that missed a change (no change stream) sends the edge; the service's 400 is shown.
    const stale = await openConsole(browser, t.url, TEST_API_KEY, {
      before: async (c) => {
        await c.route("**/v1/changes**", (r) => r.abort());
      },
    });
    await goTo(stale, "roles", "Roles");
    await stale.getByTestId("role-admin").getByTestId("role-edit").click();
    await t.http("PUT", `${t.schema}/roles/viewer/parents/admin`);
    const staleForm = stale.getByTestId("role-form");
    await staleForm.getByTestId("extends-auditor").check();
    await staleForm.getByTestId("role-save").click();
    await staleForm.getByTestId("role-form-error").filter({ hasText: "cycle" }).waitFor();
    assert.match((await staleForm.getByTestId("role-form-error").textContent()) ?? "", /refused.*admin/);
    assert.deepEqual((await t.http("GET", `${t.schema}/roles/admin`)).body.extends, []);
    await screenshot(stale, "console-roles-server-400");
    await stale.context().close();
    await t.http("DELETE", `${t.schema}/roles/viewer/parents/admin`);

    await t.permit.api.users.assignRole({ user: "user-0001", role: "auditor", tenant: "default" });
    await page.getByTestId("role-auditor").getByTestId("role-delete").click();
    const dialog = page.locator("dialog[open]");
    await dialog.getByTestId("role-delete-assignments").filter({ hasText: "1 role assignment" }).waitFor();
    await dialog.getByTestId("confirm-accept").click();
    await page.getByTestId("role-auditor").waitFor({ state: "detached" });
    await screenshot(page, "console-roles");
    await assertAccessible(page, "roles");
  });

  it("users: server-side search and paging; a user's page assigns and unassigns roles per tenant", async () => {
    await goTo(page, "users", "Users");
    await page
      .getByTestId("users-count")
      .filter({ hasText: `${USERS} user(s)` })
      .waitFor();
    assert.equal(await page.getByTestId("user-row").count(), 50);
    await page.getByTestId("pager-next").click();
    await page.getByTestId("pager-status").filter({ hasText: "Page 2 of 3" }).waitFor();
    await page.getByTestId("user-row").first().filter({ hasText: "Person0050" }).waitFor();
    await page.getByTestId("users-role").selectOption("editor");
    await page.getByTestId("users-count").filter({ hasText: "40 user(s) match" }).waitFor();
    await page.getByTestId("users-role").selectOption("");
    await page.getByTestId("users-search").fill("user0042@");
    await page.getByTestId("users-count").filter({ hasText: "1 user(s) match" }).waitFor();
    assert.match(new URL(page.url()).search, /q=user0042/);
    await screenshot(page, "console-users");
    await assertAccessible(page, "users");

    await page.getByTestId("user-link").click();
    await page.getByRole("heading", { level: 1, name: "Person0042" }).waitFor();
    await page.getByTestId("assign-role").selectOption("editor");
    await page.getByTestId("assign-tenant").fill("acme");
    await page.getByTestId("assign-submit").click();
    const assignment = page.locator('[data-testid="assignment"][data-role="editor"][data-tenant="acme"]');
    await assignment.waitFor();
    assert.equal(await t.permit.check("user-0042", "delete", { type: "task", tenant: "acme" }), true);
    await page.getByTestId("effective-acme").filter({ hasText: "task:delete" }).waitFor();
    await screenshot(page, "console-user");
    await assertAccessible(page, "user page");
    await assignment.getByTestId("unassign").click();
    await assignment.waitFor({ state: "detached" });
    assert.equal(await t.permit.check("user-0042", "delete", { type: "task", tenant: "acme" }), false);
  });

  it("tenants: create, edit, see the users of one, delete", async () => {
    await goTo(page, "tenants", "Tenants");
    await page.getByTestId("tenant-new").click();
    await page.getByTestId("tenant-name").fill("Initech");
    await page.getByTestId("tenant-save").click();
    const row = page.getByTestId("tenant-initech");
    await row.waitFor();
    assert.equal((await t.permit.api.tenants.get("initech")).name, "Initech");
    await row.getByTestId("tenant-edit").click();
    await page.getByTestId("tenant-name").fill("Initech Corp");
    await page.getByTestId("tenant-description").fill("Makers of TPS reports");
    await page.getByTestId("tenant-save").click();
    await page.getByTestId("tenant-initech").filter({ hasText: "Initech Corp" }).waitFor();
    assert.equal((await t.permit.api.tenants.get("initech")).description, "Makers of TPS reports");
    await screenshot(page, "console-tenants");
    await assertAccessible(page, "tenants");

    await t.permit.api.users.assignRole({ user: "user-0007", role: "viewer", tenant: "initech" });
    await t.permit.api.users.assignRole({ user: "user-0008", role: "editor", tenant: "initech" });
    await page.getByTestId("tenant-initech").getByTestId("tenant-link").click();
    await page.getByTestId("tenant-users-count").filter({ hasText: "2 user(s)" }).waitFor();
    await page
      .getByTestId("tenant-user-row")
      .filter({ hasText: "Person0008" })
      .filter({ hasText: "editor" })
      .waitFor();
    await screenshot(page, "console-tenant");
    await assertAccessible(page, "tenant page");
    await page
      .getByTestId("tenant-user-row")
      .filter({ hasText: "Person0007" })
      .getByTestId("tenant-user-remove")
      .click();
    await page.getByTestId("tenant-users-count").filter({ hasText: "1 user(s)" }).waitFor();
    assert.equal(await t.permit.check("user-0007", "get", { type: "task", tenant: "initech" }), false);

    await goTo(page, "tenants", "Tenants");
    await page.getByTestId("tenant-initech").getByTestId("tenant-delete").click();
    await page
      .getByTestId("confirm-dialog")
      .filter({ hasText: "Delete tenant" })
      .getByTestId("confirm-accept")
      .click();
    await page.getByTestId("tenant-initech").waitFor({ state: "detached" });
    await assert.rejects(t.permit.api.tenants.get("initech"));
  });

  it("audit log: filters with the reason for each decision, and a live tail", async () => {
    await t.permit.check("user-0003", "delete", "task");
    await t.permit.check("user-0004", "delete", "task");
    await t.permit.check("nobody", "get", "task");
    await goTo(page, "audit", "Audit log");
    await page.getByTestId("audit-row").first().waitFor();
    await page.getByTestId("audit-filter-decision").selectOption("deny");
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="audit-row"]')].every(
        (r) => r.getAttribute("data-decision") === "deny",
      ),
    );
    await page
      .getByTestId("audit-row")
      .filter({ hasText: "user-0004" })
      .filter({ hasText: "No permission" })
      .waitFor();
    await page
      .getByTestId("audit-row")
      .filter({ hasText: "nobody" })
      .filter({ hasText: "User not synced" })
      .waitFor();
    await page.getByTestId("audit-filter-user").fill("user-0003");
    await page.getByTestId("audit-filter-decision").selectOption("");
    await page.getByTestId("audit-apply").click();
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('[data-testid="audit-row"]')].length > 0 &&
        [...document.querySelectorAll('[data-testid="audit-row"]')].every((r) =>
          r.textContent?.includes("user-0003"),
        ),
    );
    const row = page.getByTestId("audit-row").first();
    assert.match((await row.textContent()) ?? "", /Allowed.*role “editor”|Allowed.*grants task:delete/);
    // People by name: the row names the user and their e-mail beside the key, and the reason says who.
    const who = row.getByTestId("user-label");
    await who.filter({ hasText: "Person0003" }).waitFor();
    assert.match((await who.textContent()) ?? "", /Person0003.*user0003@example\.com.*user-0003/);
    assert.match((await row.textContent()) ?? "", /a role of Person0003 in tenant “default”/);

    // People filter by e-mail: the log's keys are subs nobody remembers.
    await page.getByTestId("audit-filter-user").fill("USER0004@example.com");
    await page.getByTestId("audit-apply").click();
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('[data-testid="audit-row"]')].length > 0 &&
        [...document.querySelectorAll('[data-testid="audit-row"]')].every((r) =>
          r.textContent?.includes("user-0004"),
        ),
    );
    await page.getByTestId("audit-filter-user").fill("user-0003");
    await page.getByTestId("audit-apply").click();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="audit-row"]')].every((r) =>
        r.textContent?.includes("user-0003"),
      ),
    );

    // Live tail: a decision made now shows up without a reload.
    const before = await page.getByTestId("audit-row").count();
    const started = Date.now();
    await t.permit.check("user-0003", "get", "task");
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="audit-row"]').length > n,
      before,
      { timeout: 30_000 },
    );
    console.log(`# the audit tail showed the decision ${Date.now() - started} ms after it`);
    await screenshot(page, "console-audit");
    await assertAccessible(page, "audit log");
  });

  it("decision tester: the decision and why, from /allowed's debug", async () => {
    await goTo(page, "tester", "Decision tester");
    await page.getByTestId("tester-user").fill("user-0003");
    await page.getByTestId("tester-resource").selectOption("task");
    await page.getByTestId("tester-action").selectOption("delete");
    await page.getByTestId("tester-submit").click();
    await page.getByTestId("tester-decision").filter({ hasText: "Allowed" }).waitFor();
    assert.equal(await page.getByTestId("tester-granted-by").textContent(), "editor");
    assert.match(
      (await page.getByTestId("tester-reason").textContent()) ?? "",
      /role “editor” in tenant “default” grants task:delete/,
    );

    await page.getByTestId("tester-user").fill("user-0004");
    await page.getByTestId("tester-submit").click();
    await page.locator('[data-testid="tester-result"][data-allow="false"]').waitFor();
    assert.match((await page.getByTestId("tester-reason").textContent()) ?? "", /none of Person0004's roles/);
    await page.getByTestId("tester-tenant").fill("globex");
    await page.getByTestId("tester-submit").click();
    await page.getByTestId("tester-reason").filter({ hasText: "has no role in tenant “globex”" }).waitFor();
    await screenshot(page, "console-tester");
    await assertAccessible(page, "decision tester");
  });

  it("decision tester: a person is picked by name or e-mail, never by typing a UUID", async () => {
    await goTo(page, "tester", "Decision tester");
    await page.getByTestId("tester-tenant").fill("default");
    await page.getByTestId("tester-resource").selectOption("task");
    await page.getByTestId("tester-action").selectOption("delete");
    const input = page.getByTestId("tester-user");
    // Part of a name: the list offers matching people with their e-mail and key.
    await input.fill("person0003");
    const option = page.getByTestId("tester-user-option").filter({ hasText: "user0003@example.com" });
    await option.waitFor();
    assert.match((await option.textContent()) ?? "", /Person0003.*user-0003/);
    await screenshot(page, "console-tester-picker");
    await assertAccessible(page, "decision tester, user picker open");
    // Keyboard: arrow down, Enter picks; the field then shows the e-mail.
    await input.press("ArrowDown");
    await input.press("Enter");
    assert.equal(await input.inputValue(), "user0003@example.com");
    await page.getByTestId("tester-submit").click();
    await page.getByTestId("tester-who").filter({ hasText: "Person0003" }).waitFor();
    assert.equal(await page.getByTestId("tester-decision").textContent(), "Allowed");

    // An e-mail typed in full (any case) and never picked still means that person, not "not synced".
    await input.fill("USER0004@example.com");
    await page.getByTestId("tester-submit").click();
    await page.getByTestId("tester-who").filter({ hasText: "Person0004" }).waitFor();
    assert.match((await page.getByTestId("tester-reason").textContent()) ?? "", /none of Person0004's roles/);

    // Someone who really is not synced is still reported as such.
    await input.fill("ghost@example.com");
    await page.getByTestId("tester-submit").click();
    await page
      .getByTestId("tester-reason")
      .filter({ hasText: "there is no user “ghost@example.com”" })
      .waitFor();
  });

  it("is usable with the keyboard alone, from 1280 px down to a phone, and in the dark scheme", async () => {
    // Skip link first, then the pages; Enter follows a link and focus lands on the new page's heading.
    await page.goto(`${t.url}/`);
    await page.getByTestId("policy-matrix").waitFor();
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Skip to content");
    let guard = 0;
    while ((await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))) !== "nav-users") {
      await page.keyboard.press("Tab");
      assert.ok(++guard < 15, "the Users link is reachable by Tab");
    }
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Users" }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), "H1");
    assert.ok((await horizontalOverflow(page)) <= 0);

    await page.setViewportSize({ width: 390, height: 844 });
    for (const [nav, title] of [
      ["policy", "Policy editor"],
      ["schema", "Schema"],
      ["roles", "Roles"],
      ["users", "Users"],
      ["tenants", "Tenants"],
      ["audit", "Audit log"],
      ["tester", "Decision tester"],
    ] as const) {
      await goTo(page, nav, title);
      await pageLoaded(page);
      const overflow = await horizontalOverflow(page);
      assert.ok(overflow <= 0, `${title}: the page scrolls sideways by ${overflow}px at 390 px`);
      await screenshot(page, `console-${nav}-phone`);
      if (nav === "policy") {
        await assertMatrixReadsOnAPhone(page);
        // More roles than fit: the matrix scrolls sideways inside its box, and says so.
        const extra = ["reviewer", "auditor", "support"];
        for (const key of extra)
          await t.permit.api.roles.create({ key, name: key[0]!.toUpperCase() + key.slice(1) });
        await page.getByTestId("matrix-role-support").waitFor();
        await page.getByTestId("matrix-cue").waitFor();
        await screenshot(page, "console-policy-phone-many-roles");
        await assertMatrixReadsOnAPhone(page);
        assert.ok((await horizontalOverflow(page)) <= 0, "the page itself does not scroll sideways");
        for (const key of extra) await t.permit.api.roles.delete(key);
        await page.getByTestId("matrix-role-support").waitFor({ state: "detached" });
      }
      if (nav === "audit") await assertDecisionFilterInFull(page);
    }
    await assertAccessible(page, "phone");
    await page.emulateMedia({ colorScheme: "dark" });
    for (const nav of ["policy", "schema", "roles", "users", "tenants", "audit", "tester"] as const) {
      await page.getByTestId(`nav-${nav}`).click();
      await pageLoaded(page);
      await screenshot(page, `console-${nav}-phone-dark`);
    }
    await assertAccessible(page, "phone, dark");
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 1280, height: 900 });

    // The dark scheme keeps its contrast too.
    await page.emulateMedia({ colorScheme: "dark" });
    for (const [nav, title] of [
      ["policy", "Policy editor"],
      ["audit", "Audit log"],
    ] as const) {
      await goTo(page, nav, title);
      await pageLoaded(page);
      await assertAccessible(page, `${title}, dark`);
    }
    for (const nav of ["schema", "roles", "users", "tenants", "tester"] as const) {
      await page.getByTestId(`nav-${nav}`).click();
      await pageLoaded(page);
      await screenshot(page, `console-${nav}-dark`);
    }
    await goTo(page, "audit", "Audit log");
    await screenshot(page, "console-audit-dark");
    await goTo(page, "policy", "Policy editor");
    await screenshot(page, "console-policy-dark");
    await page.emulateMedia({ colorScheme: "light" });
  });
});
