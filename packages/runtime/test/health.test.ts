// Liveness apart from readiness: /health answers while a component is down; /ready says which one.
import assert from "node:assert/strict";
import { test } from "node:test";
import Fastify from "fastify";
import { healthRoutes, jsonLogger } from "../src/index.ts";

test("/health is 200 whatever the components; /ready is 503 naming the failing one, 200 once it recovers", async () => {
  let storageUp = false;
  const app = Fastify();
  await app.register(healthRoutes, {
    checks: {
      storage: () => {
        if (!storageUp) throw new Error("storage is unreachable");
      },
      snapshot: () => undefined,
      listener: async () => (storageUp ? undefined : "not listening yet"),
    },
  });
  const live = await app.inject({ url: "/health" });
  assert.equal(live.statusCode, 200);
  assert.deepEqual(live.json(), { status: "ok" });
  assert.equal(live.headers["cache-control"], "no-store");

  const down = await app.inject({ url: "/ready" });
  assert.equal(down.statusCode, 503);
  assert.deepEqual(down.json(), {
    status: "error",
    components: {
      storage: { status: "error", error: "storage is unreachable" },
      snapshot: { status: "ok" },
      listener: { status: "error", error: "not listening yet" },
    },
  });

  storageUp = true;
  const up = await app.inject({ url: "/ready" });
  assert.equal(up.statusCode, 200);
  assert.equal(up.json().status, "ok");
  await app.close();
});

test("a check that never answers counts as failed after the timeout instead of hanging the probe", async () => {
  const app = Fastify();
  await app.register(healthRoutes, { checks: { storage: () => new Promise(() => {}) }, timeoutMs: 50 });
  const res = await app.inject({ url: "/ready" });
  assert.equal(res.statusCode, 503);
  assert.deepEqual(res.json().components.storage, { status: "error", error: "no answer within 50 ms" });
  await app.close();
});

test("the JSON logger writes one JSON object per line, at its level, with credentials redacted", async () => {
  const lines: string[] = [];
  const stream = { write: (line: string) => void lines.push(line) };
  const app = Fastify({ logger: { ...jsonLogger("info"), stream } });
  app.get("/x", async (request) => {
    request.log.info({ headers: request.headers }, "seen");
    request.log.debug("below the level");
    return {};
  });
  await app.inject({ url: "/x", headers: { authorization: "Bearer secret-token", cookie: "s=secret" } });
  await app.close();
  const records = lines.map((line) => JSON.parse(line));
  const seen = records.find((r) => r.msg === "seen");
  assert.ok(seen, lines.join(""));
  assert.equal(seen.level, 30);
  assert.equal(seen.headers.authorization, "[redacted]");
  assert.equal(seen.headers.cookie, "[redacted]");
  assert.ok(!lines.join("").includes("secret"));
  assert.ok(!records.some((r) => r.msg === "below the level"));
});

test("a ready component shows the plain facts its check returns; an alias answers like /ready", async () => {
  const app = Fastify();
  await app.register(healthRoutes, {
    checks: { snapshot: () => ({ version: 42, loaded: true, nested: { secret: "x" } }) },
    readyAliases: ["/healthy"],
  });
  for (const url of ["/ready", "/healthy"]) {
    const res = await app.inject({ url });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), {
      status: "ok",
      components: { snapshot: { status: "ok", version: 42, loaded: true } },
    });
  }
  await app.close();
});
