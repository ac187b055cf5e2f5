/**
 * Replicas started together on a new PostgreSQL database (what `replicas*.test.ts` and a
 * deployment's first roll-out do) all come up: the start-up inserts (scope ids, the default
 * tenant, the built-in `__user` resource) must not race into a duplicate-key failure.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TEST_API_KEY } from "@tollgate/testkit/authz";
import { createTestDatabase, PG_SKIP_REASON, pgAvailable } from "@tollgate/testkit/postgres";
import { createAuthzService } from "../src/index.ts";

const skip = (await pgAvailable()) ? false : PG_SKIP_REASON;
if (skip) console.log(`# skipped concurrent start tests: ${skip}`);

describe("services started together on a new PostgreSQL database", { skip }, () => {
  it("all start, agree on the scope and hold one of each built-in object", async () => {
    // Several rounds of simultaneous first starts, each on a new database: the race is a few
    // statements wide.
    for (let round = 0; round < 3; round++) {
      const db = await createTestDatabase();
      const results = await Promise.allSettled(
        Array.from({ length: 4 }, () =>
          createAuthzService({ databaseUrl: db.url, apiKeys: [TEST_API_KEY], logger: false }),
        ),
      );
      const services = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
      try {
        const failed = results.flatMap((r) => (r.status === "rejected" ? [String(r.reason)] : []));
        assert.deepEqual(failed, [], "every service started");
        assert.equal(new Set(services.map((s) => JSON.stringify(s.core.scope))).size, 1, "one scope");
        const db0 = services[0]!.core.store.db;
        const resources = await db0.selectFrom("resources").select("key").execute();
        assert.deepEqual(
          resources.map((r) => r.key),
          ["__user"],
        );
        const tenants = await db0.selectFrom("tenants").select("key").execute();
        assert.deepEqual(
          tenants.map((t) => t.key),
          ["default"],
        );
      } finally {
        for (const s of services) await s.close();
        await db.drop();
      }
    }
  });
});
