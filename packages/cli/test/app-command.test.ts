import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { runCli as run } from "./run-cli.ts";

/** Configuration that points the app at services which need not be running for it to start. */
const APP_ENV = {
  COGNITO_USER_POOL_ID: "us-east-1_Tollgate1",
  COGNITO_CLIENT_ID: "tollgatetasksappspaclient1",
  COGNITO_DOMAIN: "http://localhost:9",
  COGNITO_ISSUER: "http://localhost:9/us-east-1_Tollgate1",
  AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: "http://localhost:9",
  PERMIT_API_KEY: "permit_key_app_command_test_0123456789",
  PERMIT_PDP_URL: "http://localhost:9",
  PERMIT_API_URL: "http://localhost:9",
  TOLLGATE_CHANGES_URL: "",
};

describe("tollgate app", () => {
  it("--help lists every variable the app reads", async () => {
    const p = run(["app", "--help"]);
    assert.equal(await p.exited, 0);
    for (const name of [
      ...Object.keys(APP_ENV),
      "APP_PORT",
      "APP_HOST",
      "APP_DATABASE_URL",
      "TOLLGATE_DATA_DIR",
    ]) {
      assert.match(p.output(), new RegExp(name), `${name} is documented`);
    }
  });

  it("names the missing variable and the fix", async () => {
    const p = run(["app"], { ...APP_ENV, COGNITO_CLIENT_ID: "" });
    assert.equal(await p.exited, 2);
    assert.match(p.output(), /COGNITO_CLIENT_ID is not set: .*tollgate app --help/);
  });

  it("starts alone with a banner naming its URL and its services, serves, and stops on SIGTERM", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tollgate-app-cli-"));
    const p = run(["app", "--port", "0", "--data-dir", dataDir], APP_ENV);
    try {
      // Generous: on a busy machine compiling the app's TypeScript at start can take a while.
      const [, url] = await p.waitFor(/App\s+(http:\/\/\S+)/, 120_000);
      await p.waitFor(/PDP\s+http:\/\/localhost:9/);
      const config = await fetch(`${url}/api/config`);
      assert.equal(config.status, 200);
      const body = (await config.json()) as Record<string, unknown>;
      assert.match(JSON.stringify(body), /tollgatetasksappspaclient1/);
      p.child.kill("SIGTERM");
      assert.equal(await p.exited, 0);
    } finally {
      p.child.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
