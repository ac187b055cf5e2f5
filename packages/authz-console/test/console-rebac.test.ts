/**
 * The console's fine-grained pages in Chromium against the real authorization service: resource
 * roles, relations and derivations on the schema page, the resource-instance browser, and the
 * decision tester's ReBAC paths. Every write is checked through the real permitio SDK's `check`.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startTestAuthz, TEST_API_KEY, type TestAuthz } from "@tollgate/testkit/authz";
import { browserSkip, launchBrowser, screenshot } from "@tollgate/testkit/browser";
import type { Browser, Page } from "playwright-core";
import { ensureConsoleBuilt } from "./build.ts";
import { assertAccessible, goTo, horizontalOverflow, openConsole } from "./console-page.ts";

const doc = { type: "document", key: "d1", tenant: "acme" };

/** Screenshots at 1280 and 390 px, light and dark, each checked with axe-core and for sideways scroll. */
async function everyWay(page: Page, name: string): Promise<void> {
  // The confirmations have been read; closed, they no longer cover the page in the pictures.
  while ((await page.locator(".notice button").count()) > 0)
    await page.locator(".notice button").first().click();
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      const overflow = await horizontalOverflow(page);
      assert.ok(overflow <= 0, `${name} scrolls sideways by ${overflow}px at ${width} px (${scheme})`);
      await assertAccessible(page, `${name} at ${width} px, ${scheme}`);
      // From the top: the sticky header would otherwise sit in the middle of a full-page picture.
      await page.evaluate(() => window.scrollTo(0, 0));
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

  it("instances: filter by type and tenant, find by key, open one; attributes, role assignments and tuples both ways, and decide", async () => {
    const api = t.permit.api;
    await api.tenants.create({ key: "globex", name: "Globex" });
    for (let i = 0; i < 12; i++)
      await api.resourceInstances.create({ resource: "document", key: `g${i}`, tenant: "globex" });
    await goTo(page, "instances", "Instances");
    await page.getByTestId("instance-row").first().waitFor();
    await page.getByTestId("instances-tenant").selectOption("acme");
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="instance-row"]')].every((r) =>
        ["folder:f1", "document:d1"].includes(r.getAttribute("data-id") ?? ""),
      ),
    );
    await page.getByTestId("instances-tenant").selectOption("");
    await page.getByTestId("instances-resource").selectOption("document");
    await page.getByTestId("instances-search").fill("g1");
    await page.getByTestId("instances-apply").click();
    await page.waitForFunction(() => {
      const ids = [...document.querySelectorAll('[data-testid="instance-row"]')].map((r) =>
        r.getAttribute("data-id"),
      );
      return ids.length === 3 && ids.every((id) => /^document:g1/.test(id ?? ""));
    });
    await page.getByTestId("instances-search").fill("nothing-like-this");
    await page.getByTestId("instances-apply").click();
    await page.getByTestId("instances-count").filter({ hasText: "No instance matches" }).waitFor();
    await page.getByTestId("instances-search").fill("");
    await page.getByTestId("instances-resource").selectOption("");
    await page.getByTestId("instances-apply").click();
    await page.getByTestId("instance-row").nth(5).waitFor();
    await everyWay(page, "console-instances");

    // A key with ":" is refused beside the field, before anything is sent.
    await page.getByTestId("new-instance-resource").selectOption("document");
    await page.getByTestId("new-instance-key").fill("a:b");
    await page.getByTestId("new-instance-submit").click();
    await page.getByTestId("new-instance-key-error").waitFor();
    await assert.rejects(api.resourceInstances.get("document:a:b"));
    // Create one: the page of the new instance opens.
    await page.getByTestId("new-instance-key").fill("d2");
    await page.getByTestId("new-instance-tenant").selectOption("acme");
    await page.getByTestId("new-instance-submit").click();
    await page.getByRole("heading", { level: 1, name: "document:d2" }).waitFor();
    assert.equal((await api.resourceInstances.get("document:d2")).tenant, "acme");

    // Attributes: invalid JSON is explained next to the field and nothing is saved; valid JSON is.
    await page.getByTestId("instance-attributes-edit").click();
    await page.getByTestId("instance-attributes-text").fill('{"level": 3,');
    await page.getByTestId("instance-attributes-save").click();
    await page.getByTestId("instance-attributes-error").filter({ hasText: "Not valid JSON" }).waitFor();
    await page.getByTestId("instance-attributes-text").fill("[1]");
    await page.getByTestId("instance-attributes-save").click();
    await page.getByTestId("instance-attributes-error").filter({ hasText: "JSON object" }).waitFor();
    assert.deepEqual((await api.resourceInstances.get("document:d2")).attributes ?? {}, {});
    await page.getByTestId("instance-attributes-text").fill('{"level": 3, "owner": "bob"}');
    await page.getByTestId("instance-attributes-save").click();
    await page.getByTestId("instance-attribute-list").filter({ hasText: "owner" }).waitFor();
    assert.deepEqual((await api.resourceInstances.get("document:d2")).attributes, { level: 3, owner: "bob" });

    // A tuple from this page, as the object: folder:f1 is the parent of document:d2 → alice may edit it.
    const d2 = { type: "document", key: "d2", tenant: "acme" };
    assert.equal(await t.permit.check("alice", "edit", d2), false);
    await page.getByTestId("instance-link-key").fill("f1");
    await page.getByTestId("instance-link-submit").click();
    await page.locator('[data-tuple="folder:f1 parent document:d2"]').waitFor();
    assert.equal(await t.permit.check("alice", "edit", d2), true);

    // Role assignment, the person picked by e-mail: bob becomes document#editor on d2.
    assert.equal(await t.permit.check("bob", "edit", d2), false);
    const roles = page.getByTestId("instance-roles");
    await roles.getByTestId("tester-user").fill("bob@ex");
    await roles.getByTestId("tester-user-option").filter({ hasText: "bob@example.com" }).click();
    await roles.getByTestId("instance-assign-role").selectOption("editor");
    await roles.getByTestId("instance-assign-submit").click();
    await roles.locator('[data-testid="instance-assignment"][data-user="bob"]').waitFor();
    assert.equal(await t.permit.check("bob", "edit", d2), true);
    await everyWay(page, "console-instance");

    await roles.getByTestId("instance-unassign").click();
    await roles.getByTestId("instance-assignment").waitFor({ state: "detached" });
    assert.equal(await t.permit.check("bob", "edit", d2), false);

    // The other direction, from the folder's page: folder:f1 is the parent of document:g3.
    await page.locator('a[href="/instances/folder%3Af1"]').first().click();
    await page.getByRole("heading", { level: 1, name: "folder:f1" }).waitFor();
    const tuples = page.getByTestId("instance-tuples");
    await tuples.locator('[data-tuple="folder:f1 parent document:d2"]').waitFor();
    await tuples
      .getByTestId("instance-link-relation")
      .selectOption({ label: "this folder is the parent of a document" });
    await tuples.getByTestId("instance-link-key").fill("g3");
    await tuples.getByTestId("instance-link-submit").click();
    // g3 lives in globex, f1 in acme: the service refuses and the page says why, beside the field.
    await tuples.locator(".field-error").first().waitFor();
    assert.equal(
      (await api.relationshipTuples.list({ subject: "folder:f1", object: "document:g3" })).length,
      0,
    );
    await tuples.getByTestId("instance-link-key").fill("d3");
    await tuples.getByTestId("instance-link-submit").click();
    await tuples.locator('[data-tuple="folder:f1 parent document:d3"]').waitFor();
    assert.equal(
      await t.permit.check("alice", "edit", { type: "document", key: "d3", tenant: "acme" }),
      true,
    );
    // Removing it removes the access on the next check.
    await tuples
      .locator('[data-tuple="folder:f1 parent document:d3"]')
      .getByTestId("instance-tuple-remove")
      .click();
    await tuples.locator('[data-tuple="folder:f1 parent document:d3"]').waitFor({ state: "detached" });
    assert.equal(
      await t.permit.check("alice", "edit", { type: "document", key: "d3", tenant: "acme" }),
      false,
    );

    // An address that names no instance says so.
    await page.goto(`${t.url}/instances/document%3Anope`);
    await page.getByTestId("instance-missing").waitFor();
  });

  it("policy editor: resource-role columns per resource and condition-set rows toggle grants the SDK's next check sees", async () => {
    const api = t.permit.api;
    await api.resources.create({
      key: "report",
      name: "Report",
      actions: { read: {}, archive: {} },
      attributes: { level: { type: "number" } },
    });
    await api.resourceAttributes.create("__user", { key: "dept", type: "string" });
    await api.conditionSets.create({
      key: "eng",
      name: "Engineering",
      type: "userset",
      conditions: { allOf: [{ "user.dept": { equals: "eng" } }] },
    });
    await api.conditionSets.create({
      key: "low",
      name: "Low-level reports",
      type: "resourceset",
      resource_id: "report",
      conditions: { allOf: [{ "resource.level": { "less-than": 3 } }] },
    });
    await api.users.sync({ key: "carol", email: "carol@example.com", attributes: { dept: "eng" } });
    const low = { type: "report", tenant: "acme", attributes: { level: 2 } };
    assert.equal(await t.permit.check("carol", "read", low), false);

    await goTo(page, "policy", "Policy editor");
    const rule = page.getByTestId("rule:eng:report:read:low");
    assert.equal(await rule.isChecked(), false);
    await rule.check();
    await page.waitForFunction(
      () =>
        (document.querySelector('[data-testid="rule:eng:report:read:low"]') as HTMLInputElement | null)
          ?.disabled === false,
    );
    assert.equal(await t.permit.check("carol", "read", low), true);
    assert.equal(await t.permit.check("carol", "read", { ...low, attributes: { level: 5 } }), false);
    assert.equal(
      (
        await api.conditionSetRules.list({
          userSetKey: "eng",
          permissionKey: "report:read",
          resourceSetKey: "low",
        })
      ).length,
      1,
    );

    // Resource-role columns: document#editor loses share on every document at once.
    const d1 = { type: "document", key: "d1", tenant: "acme" };
    assert.equal(await t.permit.check("alice", "share", d1), true);
    const share = page.getByTestId("rperm:document#editor:share");
    assert.equal(await share.isChecked(), true);
    await share.uncheck();
    await page.waitForFunction(
      () =>
        (document.querySelector('[data-testid="rperm:document#editor:share"]') as HTMLInputElement | null)
          ?.disabled === false,
    );
    assert.equal(await t.permit.check("alice", "share", d1), false);
    // Keyboard: the arrows move between cells, Space toggles back.
    await share.focus();
    await page.keyboard.press("ArrowUp");
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute("data-testid")),
      "rperm:document#editor:edit",
    );
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Space");
    await page.waitForFunction(
      () =>
        (document.querySelector('[data-testid="rperm:document#editor:share"]') as HTMLInputElement | null)
          ?.checked === true &&
        (document.querySelector('[data-testid="rperm:document#editor:share"]') as HTMLInputElement | null)
          ?.disabled === false,
    );
    assert.equal(await t.permit.check("alice", "share", d1), true);

    await page.getByTestId("policy-resource-roles").scrollIntoViewIfNeeded();
    await everyWay(page, "console-policy-fine-grained");
  });

  it("decision tester: type:key instances, the ReBAC path and the ABAC rule in plain words, and why a deny", async () => {
    await goTo(page, "tester", "Decision tester");
    const check = async (who: string, action: string, instance: string, tenant: string) => {
      await page.getByTestId("tester-user").fill(who);
      await page.getByTestId("tester-key").fill(instance);
      await page.getByTestId("tester-action").selectOption(action);
      await page.getByTestId("tester-tenant").fill(tenant);
      await page.getByTestId("tester-submit").click();
      await page
        .getByTestId("tester-result")
        .filter({ hasText: instance.split(":")[1] ?? instance })
        .waitFor();
      await page.waitForFunction(
        () => !(document.querySelector('[data-testid="tester-submit"]') as HTMLButtonElement).disabled,
      );
    };

    // Derived: alice holds folder#editor on f1, the parent of d1.
    await check("alice@example.com", "edit", "document:d1", "acme");
    assert.equal(
      await page.getByTestId("tester-resource").inputValue(),
      "document",
      "type:key picks the type",
    );
    assert.equal(await page.getByTestId("tester-result").getAttribute("data-allow"), "true");
    assert.equal(
      await page.getByTestId("tester-path").textContent(),
      "derived: folder:f1 → parent → document:d1",
    );
    assert.equal(
      await page.getByTestId("tester-reason").textContent(),
      "Allowed: Alice Liddell holds a role on folder:f1; folder:f1 is the parent of document:d1; so Alice Liddell is document#editor on document:d1, which grants document:edit.",
    );
    await everyWay(page, "console-tester-rebac");

    // The same check in tenant "default" (what permit.check sends without a tenant): denied, and the page says why.
    await check("alice@example.com", "edit", "document:d1", "default");
    assert.equal(await page.getByTestId("tester-result").getAttribute("data-allow"), "false");
    await page.getByTestId("tester-tenant-note").filter({ hasText: "belongs to tenant “acme”" }).waitFor();
    await page
      .getByTestId("tester-rebac-miss")
      .filter({ hasText: "document:d1 is in tenant acme, not default" })
      .waitFor();

    // Direct: alice was made folder#editor on f1 in the schema test.
    await check("alice@example.com", "read", "folder:f1", "acme");
    assert.equal(await page.getByTestId("tester-resource").inputValue(), "folder");
    assert.match(
      (await page.getByTestId("tester-reason").textContent()) ?? "",
      /^Allowed: Alice Liddell holds folder#editor directly on folder:f1, and it grants folder:read\.$/,
    );

    // ABAC: carol (dept eng) reads a low-level report by the rule the policy test made.
    await t.permit.api.resourceInstances.create({
      resource: "report",
      key: "r1",
      tenant: "acme",
      attributes: { level: 1 },
    });
    await check("carol@example.com", "read", "report:r1", "acme");
    assert.equal(await page.getByTestId("tester-result").getAttribute("data-allow"), "true");
    assert.match(
      (await page.getByTestId("tester-reason").textContent()) ?? "",
      /condition-set rule eng → report:read → low: carol@example.com is in user set “eng” and the resource is in resource set “low”/,
    );
    await screenshot(page, "console-tester-abac");

    // Denied with no role on the instance at all: the reason says so.
    await check("bob@example.com", "edit", "document:d1", "acme");
    assert.equal(await page.getByTestId("tester-result").getAttribute("data-allow"), "false");
    await page
      .getByTestId("tester-rebac-miss")
      .filter({ hasText: "no role on document:d1, direct or derived, grants edit" })
      .waitFor();
    await assertAccessible(page, "tester after a deny");

    // An unknown type in type:key is refused before asking.
    await page.getByTestId("tester-key").fill("nosuch:x");
    await page.getByTestId("tester-submit").click();
    await page.getByTestId("tester-output").filter({ hasText: "no resource type “nosuch”" }).waitFor();
  });

  it("condition sets: a user set and a resource set built from rows, validated per row, edited, as JSON, and deleted", async () => {
    const api = t.permit.api;
    await api.resourceAttributes.create("__user", { key: "age", type: "number" });
    await goTo(page, "condition-sets", "Condition sets");
    await page.getByTestId("set-eng").filter({ hasText: "user.dept is eng" }).waitFor();
    await page.getByTestId("set-low").filter({ hasText: "resource.level < 3" }).waitFor();

    // A user set of adults in engineering, built from two rows; a bad number is caught on its row first.
    await page.getByTestId("new-userset").click();
    const form = page.getByTestId("condition-set-form");
    await form.getByTestId("condition-set-name").fill("Adult engineers");
    assert.equal(await form.getByTestId("condition-set-key").inputValue(), "adult_engineers");
    await form.getByTestId("condition-add-row").click();
    await form.getByTestId("condition-add-row").click();
    const rows = form.getByTestId("condition-row");
    await rows.nth(0).getByTestId("condition-attribute").selectOption("user.dept");
    await rows.nth(0).getByTestId("condition-value").fill("eng");
    await rows.nth(1).getByTestId("condition-attribute").selectOption("user.age");
    await rows.nth(1).getByTestId("condition-operator").selectOption("greater-than-equals");
    await rows.nth(1).getByTestId("condition-value").fill("eighteen");
    await form.getByTestId("condition-set-submit").click();
    await rows.nth(1).getByTestId("condition-value-error").filter({ hasText: "not a number" }).waitFor();
    await assert.rejects(api.conditionSets.get("adult_engineers"));
    await everyWay(page, "console-condition-set-form");
    await rows.nth(1).getByTestId("condition-value").fill("18");
    await form.getByTestId("condition-set-submit").click();
    await page
      .getByTestId("set-adult_engineers")
      .filter({ hasText: "user.dept is eng, and user.age ≥ 18" })
      .waitFor();
    assert.deepEqual((await api.conditionSets.get("adult_engineers")).conditions, {
      allOf: [{ allOf: [{ "user.dept": { equals: "eng" } }, { "user.age": { "greater-than-equals": 18 } }] }],
    });

    // It decides: granted low reports, carol (no age) is out and an adult engineer is in.
    await api.conditionSetRules.create({
      user_set: "adult_engineers",
      permission: "report:archive",
      resource_set: "low",
    });
    const low = { type: "report", tenant: "acme", attributes: { level: 1 } };
    assert.equal(await t.permit.check("carol", "archive", low), false);
    assert.equal(
      await t.permit.check({ key: "dave", attributes: { dept: "eng", age: 30 } }, "archive", low),
      true,
    );

    // A duplicate key is refused beside the key field.
    await page.getByTestId("new-userset").click();
    await form.getByTestId("condition-set-name").fill("Engineering");
    await form.getByTestId("condition-set-key").fill("eng");
    await form.getByTestId("condition-set-submit").click();
    await form.getByTestId("condition-set-key-error").waitFor();
    await form.getByRole("button", { name: "Cancel" }).click();

    // Edit: "any of" instead of "all of", saved; then as JSON, where bad JSON is explained.
    await page.getByTestId("set-adult_engineers").getByTestId("set-edit").click();
    await form.getByTestId("condition-mode").selectOption("anyOf");
    await form.getByTestId("condition-set-submit").click();
    await page
      .getByTestId("set-adult_engineers")
      .filter({ hasText: "user.dept is eng, or user.age ≥ 18" })
      .waitFor();
    assert.equal(await t.permit.check({ key: "erin", attributes: { dept: "eng" } }, "archive", low), true);
    await page.getByTestId("set-adult_engineers").getByTestId("set-edit").click();
    await form.getByTestId("condition-set-as-json").click();
    await form.getByTestId("condition-set-json").fill('{"allOf": [');
    await form.getByTestId("condition-set-submit").click();
    await form.getByTestId("condition-set-conditions-error").filter({ hasText: "Not valid JSON" }).waitFor();
    await form.getByTestId("condition-set-json").fill('{"not": {"user.dept": {"equals": "sales"}}}');
    await form.getByTestId("condition-set-as-rows").click();
    await form
      .getByTestId("condition-set-conditions-error")
      .filter({ hasText: "don't fit the rows" })
      .waitFor();
    await form.getByTestId("condition-set-submit").click();
    await page.getByTestId("set-adult_engineers").filter({ hasText: '{"not"' }).waitFor();
    assert.equal(await t.permit.check({ key: "erin", attributes: { dept: "eng" } }, "archive", low), true);
    assert.equal(await t.permit.check({ key: "sam", attributes: { dept: "sales" } }, "archive", low), false);

    // Delete: its rules go with it.
    await page.getByTestId("set-adult_engineers").getByTestId("set-delete").click();
    await page.getByRole("dialog").getByTestId("confirm-accept").click();
    await page.getByTestId("set-adult_engineers").waitFor({ state: "detached" });
    assert.equal(await t.permit.check({ key: "erin", attributes: { dept: "eng" } }, "archive", low), false);
    await everyWay(page, "console-condition-sets");
  });

  it("instances with hostile keys show as text and open by their exact id", async () => {
    const key = `<img src=x onerror="window.pwned=1"> a/b?c#d%20&e`;
    await t.permit.api.resourceInstances.create({ resource: "document", key, tenant: "acme" });
    await t.permit.api.roleAssignments.assign({
      user: "bob",
      role: "editor",
      resource_instance: `document:${key}`,
    });
    await goTo(page, "instances", "Instances");
    await page.getByTestId("instances-search").fill("onerror");
    await page.getByTestId("instances-apply").click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="instance-row"]').length === 1);
    const link = page.getByTestId("instance-link");
    assert.equal(await link.textContent(), `document:${key}`);
    await link.click();
    await page.getByRole("heading", { level: 1, name: `document:${key}` }).waitFor();
    await page
      .getByTestId("instance-roles")
      .locator('[data-testid="instance-assignment"][data-user="bob"]')
      .waitFor();
    assert.equal(await page.locator("main img").count(), 0, "the key is text, not markup");
    assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
    // Reloading the address opens the same instance.
    await page.reload();
    await page.getByRole("heading", { level: 1, name: `document:${key}` }).waitFor();
  });
});
