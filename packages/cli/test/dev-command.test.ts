// `tollgate dev` reads its ports with the runtime's parser: a bad one stops it before anything starts,
// with exit code 2 and the variable named.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "./run-cli.ts";

test("a bad port variable names itself, exits 2 and starts nothing", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tollgate-dev-ports-"));
  try {
    for (const [name, value] of [
      ["AUTHZ_PORT", "seventy"],
      ["USER_POOL_PORT", "65536"],
      ["APP_PORT", "3000.5"],
    ] as const) {
      const p = runCli(["dev", "--data-dir", dataDir], {
        [name]: value,
        COGNITO_USER_POOL_ID: "",
        COGNITO_CLIENT_ID: "",
        COGNITO_DOMAIN: "",
        PERMIT_API_KEY: "",
      });
      const { code, out } = await p.done();
      assert.equal(code, 2, out);
      assert.match(
        out,
        new RegExp(
          `^tollgate dev: ${name} must be a port number from 0 to 65535, got '${value.replace(".", "\\.")}'$`,
          "m",
        ),
      );
    }
    assert.deepEqual(readdirSync(dataDir), []);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

// `tollgate dev` builds each service from its own parser: the variables that configure a service
// alone configure it in the stack, and every service answers the same probes and metrics.
test("the stack's services take their own variables (hosts, log level) and all answer /health, /ready and /metrics", async () => {
  const { startLocalStack } = await import("../src/stack/local-stack.ts");
  const dataDir = mkdtempSync(join(tmpdir(), "tollgate-dev-env-"));
  const stack = await startLocalStack({
    env: {
      ...process.env,
      TOLLGATE_DATA_DIR: dataDir,
      AUTHZ_HOST: "127.0.0.2",
      USER_POOL_HOST: "127.0.0.3",
      APP_HOST: "127.0.0.4",
      AUTHZ_PORT: "0",
      USER_POOL_PORT: "0",
      APP_PORT: "0",
      AUTHZ_LOG_LEVEL: "error",
      AUTHZ_API_KEY: "permit_key_dev_env_test_0123456789",
      USER_POOL_SCRYPT_LOG2N: "12",
      APP_DEFAULT_ROLE: "viewer",
    },
    policyFile: join(import.meta.dirname, "..", "..", "..", "policy", "tutorial.json"),
    skipSpaBuild: true,
    log: () => undefined,
  });
  try {
    assert.match(stack.authz.url, /^http:\/\/127\.0\.0\.2:\d+$/);
    assert.match(stack.userPool.url, /^http:\/\/127\.0\.0\.3:\d+$/);
    assert.match(stack.app.url, /^http:\/\/127\.0\.0\.4:\d+$/);
    assert.equal(stack.authz.service.app.log.level, "error");
    assert.equal(stack.authz.apiKey, "permit_key_dev_env_test_0123456789");
    assert.equal(stack.appConfig.mapping.defaultRole, "viewer");
    assert.equal(stack.appConfig.permit.pdp, stack.authz.url);
    for (const [name, url] of [
      ["authz", stack.authz.url],
      ["user pool", stack.userPool.url],
      ["app", stack.app.url],
    ] as const) {
      const live = await fetch(`${url}/health`);
      assert.equal(live.status, 200, `${name} /health`);
      assert.deepEqual(await live.json(), { status: "ok" }, `${name} /health`);
      const ready = await fetch(`${url}/ready`);
      assert.equal(ready.status, 200, `${name} /ready`);
      const body = (await ready.json()) as { status: string; components: Record<string, { status: string }> };
      assert.equal(body.components.storage?.status, "ok", `${name} /ready names its storage`);
      const metrics = await fetch(`${url}/metrics`);
      assert.equal(metrics.status, 200, `${name} /metrics`);
      assert.match(metrics.headers.get("content-type") ?? "", /^text\/plain/);
      assert.match(
        await metrics.text(),
        /_http_request_duration_seconds_bucket\{/,
        `${name} request latency`,
      );
    }
  } finally {
    await stack.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("beside its banner the stack logs authz at warn, unless AUTHZ_LOG_LEVEL says otherwise", async () => {
  const { stackEnvironment } = await import("../src/stack/local-stack.ts");
  const { AUTHZ_LOG_LEVEL: _ignored, ...without } = process.env;
  const policyFile = "policy.json";
  assert.equal(stackEnvironment({ env: without, policyFile }).AUTHZ_LOG_LEVEL, "warn");
  const chosen = stackEnvironment({ env: { ...without, AUTHZ_LOG_LEVEL: "debug" }, policyFile });
  assert.equal(chosen.AUTHZ_LOG_LEVEL, "debug");
});
