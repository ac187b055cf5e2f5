/**
 * Liveness apart from readiness on the authorization service: `/health` answers while the process
 * does; `/ready` (and the PDP's `/healthy`) turn 503 naming the component that cannot serve, and
 * 200 again once it can.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { TEST_API_KEY } from "@tollgate/testkit/authz";
import { createTestDatabase, PG_ADMIN_URL, PG_SKIP_REASON, pgAvailable } from "@tollgate/testkit/postgres";
import { until } from "@tollgate/testkit/until";
import pg from "pg";
import { createAuthzService } from "../src/index.ts";

describe("probes on SQLite", () => {
  it("/ready names storage when it is gone while /health stays 200", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tollgate-ready-"));
    const service = await createAuthzService({ dataDir, apiKeys: [TEST_API_KEY] });
    try {
      const ready = await service.app.inject({ url: "/ready" });
      assert.equal(ready.statusCode, 200);
      assert.deepEqual(
        Object.keys(ready.json().components),
        ["storage", "snapshot"],
        "no listener on SQLite",
      );

      await service.core.store.db.destroy();
      for (const url of ["/ready", "/healthy"]) {
        const down = await service.app.inject({ url });
        assert.equal(down.statusCode, 503);
        assert.deepEqual(down.json().components.storage, {
          status: "error",
          error: "storage is unreachable",
        });
        assert.equal(down.json().components.snapshot.status, "ok");
      }
      const live = await service.app.inject({ url: "/health" });
      assert.equal(live.statusCode, 200);
      assert.deepEqual(live.json(), { status: "ok" });
    } finally {
      await service.close().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

const skip = (await pgAvailable()) ? false : PG_SKIP_REASON;
if (skip) console.log(`# skipped PostgreSQL readiness tests: ${skip}`);

describe("probes on PostgreSQL", { skip }, () => {
  it("/ready names the change listener and storage while the database refuses connections, then recovers", async () => {
    const db = await createTestDatabase();
    const name = new URL(db.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    const service = await createAuthzService({ databaseUrl: db.url, apiKeys: [TEST_API_KEY], logger: false });
    const probe = async () => {
      const res = await service.app.inject({ url: "/ready" });
      return { status: res.statusCode, components: res.json().components };
    };
    try {
      await until(async () => (await probe()).status === 200, "the listener to connect");
      assert.deepEqual(Object.keys((await probe()).components), ["storage", "snapshot", "listener"]);

      await admin.query(`alter database ${name} allow_connections false`);
      await admin.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
        [name],
      );
      await until(
        async () => (await probe()).components.listener.status === "error",
        "the listener to report its lost connection",
      );
      const down = await probe();
      assert.equal(down.status, 503);
      assert.deepEqual(down.components.listener, {
        status: "error",
        error: "the change listener is disconnected; reconnecting",
      });
      assert.equal((await service.app.inject({ url: "/health" })).statusCode, 200);

      await admin.query(`alter database ${name} allow_connections true`);
      await until(async () => (await probe()).status === 200, "readiness after the database is back", 30_000);
    } finally {
      await admin.query(`alter database ${name} allow_connections true`).catch(() => undefined);
      await admin.end();
      await service.close().catch(() => undefined);
      await db.drop();
    }
  });
});
