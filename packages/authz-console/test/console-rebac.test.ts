/**
 * The console's fine-grained pages in Chromium against the real authorization service: resource
 * roles, relations and derivations on the schema page, the resource-instance browser, and the
 * decision tester's ReBAC paths. Every write is checked through the real permitio SDK's `check`.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { startTestAuthz, TEST_API_KEY, type TestAuthz } from "../../authz/test/helpers.ts";
import { browserSkip, launchBrowser, screenshot } from "../../cli/test/browser.ts";
import { ensureConsoleBuilt } from "./build.ts";
import { assertAccessible, goTo, horizontalOverflow, openConsole } from "./console-page.ts";

const doc = { type: "document", key: "d1", tenant: "acme" };

/** Screenshots at 1280 and 390 px, light and dark, each checked with axe-core and for sideways scroll. */
async function everyWay(page: Page, name: string): Promise<void> {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      const overflow = await horizontalOverflow(page);
      assert.ok(overflow <= 0, `${name} scrolls sideways by ${overflow}px at ${width} px (${scheme})`);
      await assertAccessible(page, `${name} at ${width} px, ${scheme}`);
      await screenshot(page, `${name}${width === 390 ? "-phone" : ""}${scheme === "dark" ? "-dark" : ""}`);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe("the console's ReBAC pages", { skip: browserSkip }, () => {
  let t: TestAuthz;
  let browser: Browser;
  let page: Page;

  before(async () => {
    await ensureConsoleBuilt();
    [t, browser] = await Promise.all([startTestAuthz(), launchBrowser()]);
    const api = t.permit.api;
    await api.resources.create({ key: "folder", name: "Folder", actions: { read: {}, edit: {} } });
    await api.resources.create({
      key: "document",
      name: "Document",
      actions: { read: {}, edit: {}, share: {} },
    });
    await api.resourceRoles.create("folder", {
      key: "editor",
      name: "Editor",
      permissions: ["read", "edit"],
    });
    await api.tenants.create({ key: "acme", name: "Acme" });
    await api.users.sync({
      key: "alice",
      email: "alice@example.com",
      first_name: "Alice",
      last_name: "Liddell",
    });
    await api.users.sync({ key: "bob", email: "bob@example.com", first_name: "Bob" });
    page = await openConsole(browser, t.url, TEST_API_KEY);
  });

  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it("schema: relations, resource roles with permissions, and derivations are created, edited and removed, and decide", async () => {
    await goTo(page, "schema", "Schema");
    const card = page.getByTestId("resource-document");
    // A relation, by form: a folder can be the parent of a document.
    await card.getByTestId("new-relation-document").fill("parent");
    await card.getByTestId("new-relation-subject-document").selectOption("folder");
    await card.getByTestId("add-relation-document").click();
    await card.getByTestId("relation-document-parent").filter({ hasText: "folder" }).waitFor();
    assert.equal((await t.permit.api.resourceRelations.get("document", "parent")).subject_resource, "folder");

    // The same key again: refused next to the key field, and nothing changes.
    await card.getByTestId("new-relation-document").fill("parent");
    await card.getByTestId("add-relation-document").click();
    await card.getByTestId("new-relation-key-error").filter({ hasText: "already" }).waitFor();

    // A resource role with two permissions.
    const form = card.getByTestId("new-resource-role-document");
    await form.getByTestId("new-resource-role-name").fill("Editor");
    assert.equal(await form.getByTestId("new-resource-role-key").inputValue(), "editor");
    await form.getByTestId("new-resource-role-perms-document-read").check();
    await form.getByTestId("new-resource-role-perms-document-edit").check();
    await form.getByTestId("new-resource-role-submit").click();
    const role = card.getByTestId("resource-role-document-editor");
    await role.waitFor();
    assert.deepEqual((await t.permit.api.resourceRoles.get("document", "editor")).permissions?.sort(), [
      "edit",
      "read",
    ]);
    // A second role with the same key: the message sits with the key field.
    await form.getByTestId("new-resource-role-name").fill("Editor");
    await form.getByTestId("new-resource-role-submit").click();
    const keyError = form.getByTestId("new-resource-role-key-error");
    await keyError.filter({ hasText: "already has a role" }).waitFor();
    const describedBy = await form.getByTestId("new-resource-role-key").getAttribute("aria-describedby");
    assert.ok(
      describedBy?.includes((await keyError.getAttribute("id")) ?? "-"),
      "the error describes the field",
    );
    // Derivation: document#editor for holders of folder#editor on the parent folder.
    await role.getByTestId("new-derivation-relation").selectOption("parent");
    await role.getByTestId("new-derivation-role").selectOption("editor");
    await role.getByTestId("new-derivation-submit").click();
    await role
      .getByTestId("derivation")
      .filter({ hasText: "Granted to users with role editor on folder linked by relation parent" })
      .waitFor();

    await t.permit.api.relationshipTuples.create({
      subject: "folder:f1",
      relation: "parent",
      object: "document:d1",
      tenant: "acme",
    });
    await t.permit.api.roleAssignments.assign({
      user: "alice",
      role: "editor",
      resource_instance: "folder:f1",
    });
    assert.equal(await t.permit.check("alice", "edit", doc), true);
    assert.equal(await t.permit.check("alice", "share", doc), false);

    // Edit permissions: add share.
    await role.getByTestId("resource-role-edit").click();
    await role.getByTestId("resource-role-perms-editor-share").check();
    await role.getByTestId("resource-role-save").click();
    await role.getByTestId("resource-role-perm").filter({ hasText: "share" }).waitFor();
    assert.equal(await t.permit.check("alice", "share", doc), true);

    await page.getByTestId("resource-folder").scrollIntoViewIfNeeded();
    await everyWay(page, "console-schema-rebac");

    // Removing the derivation removes the access on the next check.
    await role.getByTestId("derivation-remove").click();
    await role.getByTestId("derivation").waitFor({ state: "detached" });
    assert.equal(await t.permit.check("alice", "edit", doc), false);
    // …and adding it back restores it (the instance browser tests below rely on it).
    await role.getByTestId("new-derivation-submit").click();
    await role.getByTestId("derivation").waitFor();
    assert.equal(await t.permit.check("alice", "edit", doc), true);

    // A role is deleted after confirmation.
    await form.getByTestId("new-resource-role-key").fill("viewer");
    await form.getByTestId("new-resource-role-name").fill("Viewer");
    await form.getByTestId("new-resource-role-key").fill("viewer");
    await form.getByTestId("new-resource-role-submit").click();
    const viewer = card.getByTestId("resource-role-document-viewer");
    await viewer.waitFor();
    await viewer.getByTestId("resource-role-delete").click();
    await viewer.getByTestId("confirm-accept").click();
    await viewer.waitFor({ state: "detached" });
    await assert.rejects(t.permit.api.resourceRoles.get("document", "viewer"));
  });
});
