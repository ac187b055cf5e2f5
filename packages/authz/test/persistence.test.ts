import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { applyTutorialPolicy, startTestAuthz } from "@tollgate/testkit/authz";
import { resolveApiKey } from "../src/index.ts";

describe("durability", () => {
  it("everything survives a restart, with the same ids and versions", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tollgate-restart-"));
    try {
      const first = await startTestAuthz({ dataDir });
      await applyTutorialPolicy(first.permit);
      await first.permit.api.tenants.create({ key: "acme", name: "Acme" });
      await first.permit.api.users.sync({ key: "u1", email: "u1@example.com" });
      await first.permit.api.users.assignRole({ user: "u1", role: "editor", tenant: "acme" });
      // The fine-grained model too: a derivation through a tuple, and a set rule.
      const api = first.permit.api;
      await api.resources.create({ key: "folder", name: "Folder", actions: { get: {} } });
      await api.resourceRelations.create("task", {
        key: "parent",
        name: "Parent",
        subject_resource: "folder",
      });
      await api.resourceRoles.create("folder", { key: "owner", name: "Owner", permissions: ["get"] });
      await api.resourceRoles.create("task", {
        key: "owner",
        name: "Owner",
        permissions: ["get", "update"],
        granted_to: {
          users_with_role: [{ role: "owner", on_resource: "folder", linked_by_relation: "parent" }],
        },
      });
      await api.users.sync({ key: "u2", attributes: { dept: "eng" } });
      await api.relationshipTuples.create({
        subject: "folder:f1",
        relation: "parent",
        object: "task:t1",
        tenant: "acme",
      });
      await api.roleAssignments.assign({ user: "u2", role: "owner", resource_instance: "folder:f1" });
      await api.conditionSets.create({
        key: "eng",
        name: "Engineering",
        type: "userset",
        conditions: { allOf: [{ "user.dept": { equals: "eng" } }] },
      });
      await api.conditionSetRules.create({
        user_set: "eng",
        permission: "folder:get",
        resource_set: "folder",
        is_resource: true,
      });
      const scope = (await first.http("GET", "/v2/api-key/scope")).body;
      const version = first.service.core.feed.version;
      const user = await first.permit.api.users.get("u1");
      await first.close();

      const second = await startTestAuthz({ dataDir });
      try {
        assert.deepEqual((await second.http("GET", "/v2/api-key/scope")).body, scope);
        assert.equal(second.service.core.feed.version, version);
        assert.equal(await second.permit.check("u1", "update", { type: "task", tenant: "acme" }), true);
        assert.equal(await second.permit.check("u1", "update", "task"), false);
        assert.deepEqual(await second.permit.api.users.get("u1"), user);
        assert.deepEqual(
          (await second.permit.api.roles.list()).map((r) => r.key),
          ["admin", "editor", "viewer"],
        );
        assert.equal(
          await second.permit.check("u2", "update", { type: "task", key: "t1", tenant: "acme" }),
          true,
        );
        assert.equal(await second.permit.check("u2", "get", { type: "folder", tenant: "globex" }), false);
        assert.equal(await second.permit.check("u2", "get", { type: "folder", tenant: "acme" }), true);
        // task, user, folder and the built-in __user.
        assert.deepEqual(second.service.core.engine.stats(), {
          resources: 4,
          roles: 3,
          tenants: 2,
          users: 2,
          roleAssignments: 1,
          instanceRoleAssignments: 1,
          instances: 2,
          tuples: 1,
          conditionSets: 1,
          setRules: 1,
        });
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("a generated API key is kept in the data dir, owner-only, and reused", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tollgate-key-"));
    try {
      const first = resolveApiKey(dataDir, undefined);
      assert.equal(first.source, "generated");
      assert.match(first.key, /^permit_key_[A-Za-z0-9_-]{43}$/);
      assert.equal(statSync(first.file).mode & 0o777, 0o600);
      const second = resolveApiKey(dataDir, undefined);
      assert.equal(second.source, "file");
      assert.equal(second.key, first.key);
      assert.equal(resolveApiKey(dataDir, "from-the-environment-0123").source, "env");
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
