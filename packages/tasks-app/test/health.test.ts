// The app's probes (/health while the process answers, /ready only while its database does) and its
// OpenAPI document, built from the schemas in @tollgate/contracts that the routes validate with.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { TASKS_API_ERROR_CODES } from "@tollgate/contracts";
import { buildTasksApp } from "../src/app.ts";
import { loadTasksAppConfig } from "../src/config.ts";
import { createTasksContext } from "../src/server.ts";

const dataDir = mkdtempSync(join(tmpdir(), "tollgate-app-health-"));
after(() => rmSync(dataDir, { recursive: true, force: true }));

function offlineConfig() {
  // Real Cognito and Permit.io settings: nothing is contacted until a user signs in.
  return loadTasksAppConfig({
    COGNITO_USER_POOL_ID: "us-east-1_AbC123",
    COGNITO_CLIENT_ID: "client",
    COGNITO_DOMAIN: "auth.example.com",
    PERMIT_API_KEY: "permit_key_x",
    TOLLGATE_DATA_DIR: dataDir,
  });
}

test("/health stays 200 when storage goes away; /ready turns 503 naming storage", async () => {
  const ctx = await createTasksContext(offlineConfig());
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

test("/openapi.json documents every API route with its request and response schemas and error codes", async () => {
  const ctx = await createTasksContext(offlineConfig());
  const app = await buildTasksApp(ctx);
  try {
    const res = await app.inject({ url: "/openapi.json" });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.equal(doc.openapi.startsWith("3."), true);
    const operations = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    assert.deepEqual(operations.sort(), [
      "DELETE /api/projects/{id}/members/{sub}",
      "DELETE /api/tasks/{id}",
      "DELETE /api/tasks/{id}/shares/{sub}",
      "DELETE /api/users/{username}",
      "GET /api/clearances",
      "GET /api/config",
      "GET /api/events",
      "GET /api/me/permissions",
      "GET /api/projects",
      "GET /api/projects/{id}/members",
      "GET /api/tasks",
      "GET /api/tasks/{id}",
      "GET /api/tasks/{id}/shares",
      "GET /api/users",
      "PATCH /api/tasks/{id}",
      "POST /api/projects",
      "POST /api/projects/{id}/members",
      "POST /api/sync",
      "POST /api/tasks",
      "POST /api/tasks/{id}/check",
      "POST /api/tasks/{id}/shares",
      "POST /api/users",
      "PUT /api/tasks/{id}/confidential",
      "PUT /api/tasks/{id}/project",
      "PUT /api/users/{username}/clearance",
      "PUT /api/users/{username}/group",
    ]);

    const create = doc.paths["/api/tasks"].post;
    const body = create.requestBody.content["application/json"].schema;
    assert.deepEqual(body.required, ["title"]);
    assert.equal(body.additionalProperties, false);
    assert.deepEqual(
      Object.keys(create.responses["201"].content["application/json"].schema.properties).sort(),
      [
        "allowed",
        "confidential",
        "created_at",
        "created_by",
        "created_by_name",
        "done",
        "id",
        "project_id",
        "title",
        "updated_at",
      ],
    );
    const share = doc.paths["/api/tasks/{id}/shares"].post;
    const shareBody = share.requestBody.content["application/json"].schema;
    assert.deepEqual(shareBody.required, ["user", "role"]);
    assert.equal(shareBody.additionalProperties, false);
    assert.deepEqual(Object.keys(share.responses["201"].content["application/json"].schema.properties), [
      "shares",
    ]);
    const error = create.responses["4XX"].content["application/json"].schema;
    assert.deepEqual(error.properties.error.enum, [...TASKS_API_ERROR_CODES]);
  } finally {
    ctx.feed.close();
    ctx.hub.close();
    await app.close();
    await ctx.store.close();
    ctx.cognito.destroy();
  }
});
