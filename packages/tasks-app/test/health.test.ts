// The app's probes: /health while the process answers, /ready only while its database does.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { buildTasksApp } from "../src/app.ts";
import { loadTasksAppConfig } from "../src/config.ts";
import { createTasksContext } from "../src/server.ts";

const dataDir = mkdtempSync(join(tmpdir(), "tollgate-app-health-"));
after(() => rmSync(dataDir, { recursive: true, force: true }));

test("/health stays 200 when storage goes away; /ready turns 503 naming storage", async () => {
  // Real Cognito and Permit.io settings: nothing is contacted until a user signs in.
  const config = loadTasksAppConfig({
    COGNITO_USER_POOL_ID: "us-east-1_AbC123",
    COGNITO_CLIENT_ID: "client",
    COGNITO_DOMAIN: "auth.example.com",
    PERMIT_API_KEY: "permit_key_x",
    TOLLGATE_DATA_DIR: dataDir,
  });
  const ctx = await createTasksContext(config);
  const app = await buildTasksApp(ctx);
  try {
    const ready = await app.inject({ url: "/ready" });
    assert.equal(ready.statusCode, 200);
    assert.deepEqual(ready.json(), { status: "ok", components: { storage: { status: "ok" } } });

    await ctx.store.close();
    const live = await app.inject({ url: "/health" });
    assert.equal(live.statusCode, 200);
    assert.deepEqual(live.json(), { status: "ok" });
    const notReady = await app.inject({ url: "/ready" });
    assert.equal(notReady.statusCode, 503);
    assert.deepEqual(notReady.json(), {
      status: "error",
      components: { storage: { status: "error", error: "storage is unreachable" } },
    });
    // Probes carry the app's security headers like every other response.
    assert.equal(notReady.headers["x-content-type-options"], "nosniff");
  } finally {
    ctx.feed.close();
    ctx.hub.close();
    await app.close();
    ctx.cognito.destroy();
  }
});
