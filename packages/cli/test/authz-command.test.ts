import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { runCli as run } from "./run-cli.ts";

describe("tollgate authz", () => {
  it("--help explains the command", async () => {
    const p = run(["authz", "--help"]);
    assert.equal(await p.exited, 0);
    assert.match(p.output(), /--port <port>/);
    assert.match(p.output(), /AUTHZ_API_KEY/);
  });

  it("starts, prints a banner with the URL and a generated key, serves, and stops cleanly on SIGINT", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tollgate-cli-"));
    const p = run(["authz", "--port", "0", "--log-level", "warn"], {
      TOLLGATE_DATA_DIR: dataDir,
      AUTHZ_API_KEY: "",
    });
    try {
      // Generous: a primary and one worker per core start on a possibly busy machine.
      const [, url] = await p.waitFor(/API \+ PDP\s+(http:\/\/\S+)/, 120_000);
      const [, key] = await p.waitFor(/API key\s+(permit_key_\S+)/);
      assert.equal(readFileSync(join(dataDir, "authz-api-key"), "utf8").trim(), key);
      assert.equal((await fetch(`${url}/health`)).status, 200);
      const scope = await fetch(`${url}/v2/api-key/scope`, { headers: { authorization: `Bearer ${key}` } });
      assert.equal(scope.status, 200);
      p.child.kill("SIGINT");
      assert.equal(await p.exited, 0);
    } finally {
      p.child.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("names the fix when its port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as AddressInfo;
    const dataDir = mkdtempSync(join(tmpdir(), "tollgate-cli-"));
    try {
      const p = run(["authz", "--port", String(port), "--log-level", "silent"], {
        TOLLGATE_DATA_DIR: dataDir,
      });
      assert.equal(await p.exited, 1);
      assert.match(p.output(), new RegExp(`port ${port} on 127.0.0.1 is already in use .* AUTHZ_PORT`));
      assert.doesNotMatch(p.output(), /at Server\.setupListenHandle/, "no stack trace");
    } finally {
      blocker.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("fails fast naming the bad variable", async () => {
    const p = run(["authz"], { AUTHZ_PORT: "seventy" });
    assert.equal(await p.exited, 2);
    assert.match(p.output(), /AUTHZ_PORT must be a port number/);
  });
});
