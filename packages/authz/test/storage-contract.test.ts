/**
 * One storage contract, run against every driver: the same writes through the service must leave
 * the same state, with the same versions, on SQLite and PostgreSQL.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { applyTutorialPolicy, TEST_API_KEY } from "@tollgate/testkit/authz";
import { createTestDatabase, PG_SKIP_REASON, pgAvailable } from "@tollgate/testkit/postgres";
import { Permit } from "permitio";
import { type AuthzService, createAuthzService } from "../src/index.ts";

const drivers: {
  name: string;
  open(): Promise<{ options: { databaseUrl?: string; dataDir?: string }; cleanup(): Promise<void> }>;
  skip(): Promise<string | false>;
}[] = [
  {
    name: "sqlite",
    skip: async () => false,
    async open() {
      const dir = mkdtempSync(join(tmpdir(), "tollgate-contract-"));
      return {
        options: { dataDir: dir },
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: "postgres",
    skip: async () => ((await pgAvailable()) ? false : PG_SKIP_REASON),
    async open() {
      const db = await createTestDatabase();
      return { options: { databaseUrl: db.url }, cleanup: db.drop };
    },
  },
];

for (const driver of drivers) {
  describe(`storage contract: ${driver.name}`, async () => {
    const skip = await driver.skip();
    if (skip) console.log(`# skipped storage contract on ${driver.name}: ${skip}`);
    let service: AuthzService;
    let permit: Permit;
    let cleanup: () => Promise<void>;
    let options: { databaseUrl?: string; dataDir?: string };

    before(async () => {
      if (skip) return;
      const opened = await driver.open();
      options = opened.options;
      cleanup = opened.cleanup;
      service = await createAuthzService({ ...options, apiKeys: [TEST_API_KEY] });
      const url = await service.app.listen({ host: "127.0.0.1", port: 0 });
      permit = new Permit({ token: TEST_API_KEY, pdp: url, apiUrl: url, log: { level: "fatal" } });
    });
    after(async () => {
      if (skip) return;
      await service.close();
      await cleanup();
    });

    it("writes, reads back, versions and survives a reopen", { skip }, async () => {
      await applyTutorialPolicy(permit);
      await permit.api.tenants.create({ key: "acme", name: "Acme", attributes: { tier: "gold" } });
      await permit.api.users.bulkUserCreate([
        { key: "u1", email: "u1@example.com", attributes: { n: 1 } },
        { key: "u_2", email: "u2@example.com" },
      ]);
      await permit.api.roleAssignments.bulkAssign([
        { user: "u1", role: "editor", tenant: "default" },
        { user: "u_2", role: "viewer", tenant: "acme" },
      ]);
      await permit.api.roles.update("viewer", { extends: [] } as never);
      await permit.api.resourceActions.create("task", { key: "archive", name: "Archive" });
      await permit.api.roles.assignPermissions("editor", ["task:archive"]);
      await permit.api.users.delete("u1");
      assert.equal(service.core.sync.version, 12);

      assert.deepEqual(
        (await permit.api.users.list({ search: "u_" })).data.map((u) => u.key),
        ["u_2"],
      );
      assert.equal((await permit.api.tenants.listTenantUsers({ tenantKey: "acme" })).total_count, 1);
      assert.deepEqual((await permit.api.roles.get("editor")).permissions?.includes("task:archive"), true);
      assert.equal(await permit.check("u_2", "get", { type: "task", tenant: "acme" }), true);
      const page = (await permit.api.roleAssignments.list({ includeTotalCount: true })) as unknown as {
        total_count: number;
      };
      assert.equal(page.total_count, 1);

      const before = service.core.engine.stats();
      await service.close();
      service = await createAuthzService({ ...options, apiKeys: [TEST_API_KEY] });
      const url = await service.app.listen({ host: "127.0.0.1", port: 0 });
      permit = new Permit({ token: TEST_API_KEY, pdp: url, apiUrl: url, log: { level: "fatal" } });
      assert.deepEqual(service.core.engine.stats(), before);
      assert.equal(service.core.sync.version, 12);
      assert.equal(await permit.check("u_2", "get", { type: "task", tenant: "acme" }), true);
      assert.deepEqual((await permit.api.tenants.get("acme")).attributes, { tier: "gold" });
    });

    it("rejects a duplicate and a cycle without writing", { skip }, async () => {
      const version = service.core.sync.version;
      await assert.rejects(permit.api.tenants.create({ key: "acme", name: "Again" }));
      await permit.api.roles.create({ key: "a", name: "A" });
      await permit.api.roles.create({ key: "b", name: "B", extends: ["a"] } as never);
      await assert.rejects(permit.api.roles.update("a", { extends: ["b"] } as never));
      assert.equal(service.core.sync.version, version + 2);
    });
  });
}
