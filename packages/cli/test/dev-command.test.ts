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
