// The operator's security settings: parsed once, a clear error naming the variable when wrong.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError, loadTasksAppConfig } from "../src/config.ts";

const base = {
  COGNITO_USER_POOL_ID: "us-east-1_AbC123",
  COGNITO_CLIENT_ID: "client",
  COGNITO_DOMAIN: "auth.example.com",
  PERMIT_API_KEY: "permit_key_x",
};

test("by default a user in no mapped group gets no role, and the guard waits 2 s (the library's default)", () => {
  const config = loadTasksAppConfig(base);
  assert.equal(config.mapping.defaultRole, undefined);
  assert.equal(config.decisionTimeoutMs, undefined);
  assert.equal(config.sessionRecheckMs, undefined);
});

test("APP_DEFAULT_ROLE, APP_DECISION_TIMEOUT_MS and APP_SESSION_RECHECK_SECONDS are read", () => {
  const config = loadTasksAppConfig({
    ...base,
    APP_DEFAULT_ROLE: "viewer",
    APP_DECISION_TIMEOUT_MS: "750",
    APP_SESSION_RECHECK_SECONDS: "30",
  });
  assert.equal(config.mapping.defaultRole, "viewer");
  assert.equal(config.decisionTimeoutMs, 750);
  assert.equal(config.sessionRecheckMs, 30_000);
});

test("a bad value is an error that names the variable", () => {
  for (const [name, value] of [
    ["APP_DEFAULT_ROLE", "viewer; admin"],
    ["APP_DECISION_TIMEOUT_MS", "0"],
    ["APP_DECISION_TIMEOUT_MS", "2s"],
    ["APP_SESSION_RECHECK_SECONDS", "-1"],
    ["APP_SESSION_RECHECK_SECONDS", "1.5"],
  ]) {
    assert.throws(
      () => loadTasksAppConfig({ ...base, [name!]: value }),
      (err: unknown) => err instanceof ConfigError && err.message.startsWith(`${name} `),
      `${name}=${value}`,
    );
  }
});

test("keys for a local pool that verifies signatures come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY", () => {
  assert.equal(loadTasksAppConfig(base).cognito.credentials, undefined);
  const config = loadTasksAppConfig({
    ...base,
    AWS_ACCESS_KEY_ID: "AKIDLOCAL",
    AWS_SECRET_ACCESS_KEY: "secret",
  });
  assert.deepEqual(config.cognito.credentials, { accessKeyId: "AKIDLOCAL", secretAccessKey: "secret" });
});

test("ports, hosts and URLs are checked when read, each error naming its variable", () => {
  for (const [name, value] of [
    ["APP_PORT", "70000"],
    ["APP_PORT", "3000x"],
    ["APP_HOST", "http://0.0.0.0"],
    ["APP_PUBLIC_URL", "localhost:3000"],
    ["APP_DATABASE_URL", "mysql://db/tasks"],
    ["APP_DATABASE_URL", "tasks.db"],
    ["PERMIT_PDP_URL", "localhost:7766"],
    ["PERMIT_API_URL", "api.permit.io"],
    ["COGNITO_ISSUER", "/us-east-1_AbC123"],
    ["AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", "localhost:9229"],
    ["TOLLGATE_CHANGES_URL", "ftp://x/changes"],
  ]) {
    assert.throws(
      () => loadTasksAppConfig({ ...base, [name!]: value }),
      (err: unknown) =>
        err instanceof ConfigError && err.variable === name && err.message.startsWith(`${name} must be `),
      `${name}=${value}`,
    );
  }
  for (const name of ["COGNITO_USER_POOL_ID", "COGNITO_CLIENT_ID", "COGNITO_DOMAIN", "PERMIT_API_KEY"]) {
    assert.throws(
      () => loadTasksAppConfig({ ...base, [name]: "" }),
      (err: unknown) => err instanceof ConfigError && err.message.startsWith(`${name} is not set: `),
    );
  }
  const config = loadTasksAppConfig({
    ...base,
    APP_PORT: "0",
    APP_HOST: "::1",
    APP_PUBLIC_URL: "https://tasks.example.com/",
    APP_DATABASE_URL: "postgresql://app@db/tasks",
  });
  assert.equal(config.port, 0);
  assert.equal(config.host, "::1");
  assert.equal(config.publicUrl, "https://tasks.example.com");
  assert.equal(config.databaseUrl, "postgresql://app@db/tasks");
});
