import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type AuthzService, createAuthzService } from "@tollgate/authz";
import { loadUserPoolConfig, type RunningUserPool, startUserPool } from "@tollgate/user-pool";
import { Permit } from "permitio";
import { LOCAL_POOL_ID, localSeed } from "../src/stack/local-seed.ts";
import { runCli } from "./run-cli.ts";

const KEY = "permit_key_users_sync_test_0123456789";

describe("tollgate users sync", () => {
  let dir: string;
  let authz: AuthzService;
  let authzUrl: string;
  let pool: RunningUserPool;
  let permit: Permit;
  const sync = () =>
    runCli([
      "users",
      "sync",
      "--user-pool-id",
      LOCAL_POOL_ID,
      "--endpoint",
      pool.url,
      "--api-url",
      authzUrl,
      "--api-key",
      KEY,
    ]).done();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "tollgate-users-sync-"));
    authz = await createAuthzService({ dataDir: dir, apiKeys: [KEY] });
    authzUrl = await authz.app.listen({ host: "127.0.0.1", port: 0 });
    permit = new Permit({ token: KEY, pdp: authzUrl, apiUrl: authzUrl, log: { level: "fatal" } });
    for (const key of ["admin", "editor", "viewer"]) await permit.api.roles.create({ key, name: key });
    pool = await startUserPool(
      { ...loadUserPoolConfig({ USER_POOL_SCRYPT_LOG2N: "12" }), host: "127.0.0.1", port: 0, dataDir: dir },
      {
        seed: localSeed("http://localhost:3000"),
        logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      },
    );
  });
  after(async () => {
    await pool.close();
    await authz.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("imports every pool user with the group → role mapping, and a re-run changes nothing", async () => {
    const first = await sync();
    assert.equal(first.code, 0, first.out);
    assert.match(first.out, /synced 3 of 3 users: 3 created, 0 updated, 0 failed/);
    const users = await permit.api.users.list();
    assert.equal(users.total_count, 3);
    const roles = Object.fromEntries(users.data.map((u) => [u.email, (u.roles ?? []).map((r) => r.role)]));
    assert.deepEqual(roles, {
      "admin@example.com": ["admin"],
      "editor@example.com": ["editor"],
      "viewer@example.com": ["viewer"],
    });
    const version = authz.core.sync.version;
    const again = await sync();
    assert.match(again.out, /synced 3 of 3 users: 0 created, 3 updated, 0 failed/);
    assert.equal(authz.core.sync.version, version + 3, "one idempotent sync per user, no role churn");
  });

  it("defaults to the local pool, as `policy` defaults to the local authz", async () => {
    const port = new URL(pool.url).port;
    const { code, out } = await runCli(["users", "sync", "--api-url", authzUrl, "--api-key", KEY], {
      COGNITO_USER_POOL_ID: "",
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: "",
      USER_POOL_PORT: port,
    }).done();
    assert.equal(code, 0, out);
    assert.match(out, /synced 3 of 3 users/);
  });

  it("names the pool and the fix when the local pool is not running", async () => {
    const { code, out } = await runCli(["users", "sync", "--api-url", authzUrl, "--api-key", KEY], {
      COGNITO_USER_POOL_ID: "",
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: "",
      USER_POOL_PORT: "1",
    }).done();
    assert.equal(code, 1);
    assert.match(
      out,
      /tollgate users sync: cannot reach the user pool at http:\/\/localhost:1: is it running\?/,
    );
  });
});
