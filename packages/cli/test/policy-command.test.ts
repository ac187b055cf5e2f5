import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type AuthzService, createAuthzService } from "@tollgate/authz";
import { runCli } from "./run-cli.ts";

const KEY = "permit_key_policy_command_test_0123456789";
const tutorial = join(import.meta.dirname, "..", "..", "..", "policy", "tutorial.json");

describe("tollgate policy", () => {
  let service: AuthzService;
  let url: string;
  let dir: string;
  const cli = (...args: string[]) => runCli([...args, "--api-url", url, "--api-key", KEY]).done();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "tollgate-policy-"));
    service = await createAuthzService({ dataDir: dir, apiKeys: [KEY] });
    url = await service.app.listen({ host: "127.0.0.1", port: 0 });
  });
  after(async () => {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("apply creates the tutorial's policy, and decisions follow it", async () => {
    const { code, out } = await cli("policy", "apply", tutorial);
    assert.equal(code, 0, out);
    assert.match(out, /\+ resource task/);
    assert.match(out, /\+ role editor/);
    const engine = service.core.engine;
    assert.deepEqual(engine.effectivePermissions("viewer"), ["task:get", "user:get"]);
    assert.equal(
      engine.effectivePermissions("admin").length,
      12,
      "task:share and project:create|get|manage beside the eight of the tutorial",
    );
  });

  it("apply again changes nothing; diff agrees", async () => {
    const again = await cli("policy", "apply", tutorial);
    assert.equal(again.code, 0);
    assert.match(again.out, /already matches/);
    const diff = await cli("policy", "diff", tutorial);
    assert.equal(diff.code, 0);
    assert.match(diff.out, /no differences/);
  });

  it("diff and apply converge an edited file; --prune removes what the file drops", async () => {
    const doc = JSON.parse(readFileSync(tutorial, "utf8"));
    doc.roles = doc.roles.filter((r: { key: string }) => r.key !== "viewer");
    doc.roles.find((r: { key: string }) => r.key === "editor").permissions = ["task:get", "task:create"];
    doc.resources[0].actions.archive = { name: "Archive" };
    const edited = join(dir, "edited.json");
    writeFileSync(edited, JSON.stringify(doc));
    const diff = await cli("policy", "diff", edited);
    assert.equal(diff.code, 1);
    assert.match(diff.out, /\+ action task:archive/);
    assert.match(diff.out, /- editor: /);
    assert.doesNotMatch(diff.out, /- role viewer/, "no deletions without --prune");
    assert.equal((await cli("policy", "apply", edited, "--prune")).code, 0);
    assert.equal(service.core.engine.getRole("viewer"), undefined);
    assert.deepEqual(service.core.engine.effectivePermissions("editor"), ["task:create", "task:get"]);
  });

  it("export writes a policy file that applies cleanly", async () => {
    const out = join(dir, "exported.json");
    assert.equal((await cli("policy", "export", "--out", out)).code, 0);
    const exported = JSON.parse(readFileSync(out, "utf8"));
    assert.deepEqual(
      exported.roles.map((r: { key: string }) => r.key),
      ["admin", "editor"],
    );
    assert.match((await cli("policy", "diff", out)).out, /no differences/);
  });

  it("applies relations, resource roles with derivations, condition sets and rules, idempotently", async () => {
    const doc = JSON.parse(readFileSync(tutorial, "utf8"));
    doc.resources.push(
      { key: "folder", name: "Folder", actions: { read: {}, edit: {} } },
      { key: "document", name: "Document", actions: { read: {}, edit: {} } },
    );
    doc.relations = [
      { resource: "folder", key: "parent", name: "Parent", subject_resource: "folder" },
      { resource: "document", key: "parent", name: "Parent", subject_resource: "folder" },
    ];
    const fromParent = {
      users_with_role: [{ role: "editor", on_resource: "folder", linked_by_relation: "parent" }],
    };
    doc.resource_roles = [
      // Listed before the role it derives from: apply creates roles first, derivations after.
      {
        resource: "document",
        key: "editor",
        name: "Editor",
        permissions: ["read", "edit"],
        granted_to: fromParent,
      },
      {
        resource: "folder",
        key: "editor",
        name: "Editor",
        permissions: ["read", "edit"],
        granted_to: fromParent,
      },
    ];
    doc.condition_sets = [
      {
        key: "eng",
        name: "Engineering",
        type: "userset",
        conditions: { allOf: [{ "user.dept": { equals: "eng" } }] },
      },
      {
        key: "public_docs",
        name: "Public documents",
        type: "resourceset",
        resource: "document",
        conditions: { allOf: [{ "resource.public": { equals: true } }] },
      },
    ];
    doc.set_rules = [{ user_set: "eng", permission: "document:read", resource_set: "public_docs" }];
    const file = join(dir, "model.json");
    writeFileSync(file, JSON.stringify(doc));
    // --prune: this file replaces the tutorial's own fine-grained model (task roles, projects, rules).
    const first = await cli("policy", "apply", file, "--prune");
    assert.equal(first.code, 0, first.out);
    assert.match(first.out, /\+ relation document\.parent → folder/);
    assert.match(first.out, /~ resource role document#editor ← folder#editor via parent/);
    assert.match(first.out, /\+ rule eng → document:read → public_docs/);
    const engine = service.core.engine;
    assert.deepEqual(
      engine.rebac.getRole("document", "editor")?.granted_to?.users_with_role,
      fromParent.users_with_role,
    );
    assert.equal(engine.abac.size.rules, 1);
    assert.match((await cli("policy", "apply", file)).out, /already matches/);
    assert.match((await cli("policy", "diff", file)).out, /no differences/);

    const out = join(dir, "model-exported.json");
    assert.equal((await cli("policy", "export", "--out", out)).code, 0);
    const exported = JSON.parse(readFileSync(out, "utf8"));
    assert.deepEqual(exported.set_rules, doc.set_rules);
    assert.deepEqual(exported.condition_sets.map((s: { key: string }) => s.key).sort(), [
      "eng",
      "public_docs",
    ]);
    assert.match((await cli("policy", "diff", out)).out, /no differences/);

    doc.set_rules = [];
    doc.resource_roles[0].granted_to = undefined;
    writeFileSync(file, JSON.stringify(doc));
    const pruned = await cli("policy", "apply", file, "--prune");
    assert.equal(pruned.code, 0, pruned.out);
    assert.match(pruned.out, /- rule eng → document:read → public_docs/);
    assert.equal(engine.abac.size.rules, 0);
    assert.deepEqual(engine.rebac.getRole("document", "editor")?.granted_to?.users_with_role, []);
    assert.match((await cli("policy", "diff", file, "--prune")).out, /no differences/);
  });

  it("export reads every page: more roles than one page holds all survive export and --prune", async () => {
    const { Permit } = await import("permitio");
    const permit = new Permit({ token: KEY, apiUrl: url, pdp: url, log: { level: "error" } });
    const many = Array.from({ length: 130 }, (_, i) => `bulk-${String(i).padStart(3, "0")}`);
    for (const key of many) await permit.api.roles.create({ key, name: key, permissions: ["task:get"] });
    const out = join(dir, "exported-many.json");
    assert.equal((await cli("policy", "export", "--out", out)).code, 0);
    const exported = JSON.parse(readFileSync(out, "utf8"));
    const keys = exported.roles.map((r: { key: string }) => r.key);
    for (const key of many) assert.ok(keys.includes(key), `${key} exported`);
    // Were the export cut at a page, --prune would delete the roles past it.
    assert.match((await cli("policy", "diff", out, "--prune")).out, /no differences/);
    for (const key of many) await permit.api.roles.delete(key);
  });

  it("a bad file is refused with the field named, and nothing is changed", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify({ resources: [], roles: [{ key: "x", name: "X", permissions: ["nope:get"] }] }),
    );
    const version = service.core.feed.version;
    const { code, out } = await cli("policy", "apply", bad);
    assert.equal(code, 1);
    assert.match(out, /grants nope:get, which no resource defines/);
    assert.equal(service.core.feed.version, version);
  });

  it("names the fix when the service cannot be reached", async () => {
    const { code, out } = await runCli([
      "policy",
      "export",
      "--api-url",
      "http://127.0.0.1:1",
      "--api-key",
      KEY,
    ]).done();
    assert.equal(code, 1);
    assert.match(out, /cannot reach the authorization service|ECONNREFUSED|connect/i);
  });
});
