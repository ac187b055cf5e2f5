import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  AdminGetUserCommand,
  InitiateAuthCommand,
  SignUpCommand,
  UsernameExistsException,
} from "@aws-sdk/client-cognito-identity-provider";
import { SeedError, seedUserPool } from "../src/index.ts";
import { PASSWORD, startTestPool, type TestPool } from "./harness.ts";

const ROOT = resolve(import.meta.dirname, "../../..");
const BIN = join(ROOT, "packages/cli/bin/tollgate.mjs");

const seed = {
  pools: [
    {
      id: "us-east-1_EmailPool1",
      name: "email-login",
      usernameAttributes: ["email"],
      autoConfirmSignUp: true,
      clients: [{ id: "emailclient000000000000000", name: "app" }],
      groups: [{ name: "admin" }],
      users: [{ username: "Admin@Example.com", password: PASSWORD, groups: ["admin"] }],
    },
  ],
};

describe("seeding", () => {
  let pool: TestPool;
  before(async () => {
    pool = await startTestPool({ seed });
  });
  after(() => pool.cleanup());

  test("email-as-username pools store a UUID username (= sub) and sign in by email", async () => {
    const seeded = pool.running.seed?.pools[0]?.users[0];
    assert.ok(seeded);
    assert.equal(seeded.username, seeded.sub);
    const got = await pool.cognito.send(
      new AdminGetUserCommand({ UserPoolId: "us-east-1_EmailPool1", Username: "admin@example.com" }),
    );
    assert.equal(got.Username, seeded.sub);
    assert.equal(got.UserAttributes?.find((a) => a.Name === "email")?.Value, "admin@example.com");
    assert.equal(got.UserAttributes?.find((a) => a.Name === "email_verified")?.Value, "true");
    const auth = await pool.cognito.send(
      new InitiateAuthCommand({
        ClientId: "emailclient000000000000000",
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: "admin@example.com", PASSWORD },
      }),
    );
    assert.ok(auth.AuthenticationResult?.AccessToken);
  });

  test("the auto-confirm pool setting confirms sign-ups without a code; emails stay unique", async () => {
    const res = await pool.cognito.send(
      new SignUpCommand({
        ClientId: "emailclient000000000000000",
        Username: "new@example.com",
        Password: PASSWORD,
      }),
    );
    assert.equal(res.UserConfirmed, true);
    await assert.rejects(
      pool.cognito.send(
        new SignUpCommand({
          ClientId: "emailclient000000000000000",
          Username: "NEW@example.com",
          Password: PASSWORD,
        }),
      ),
      (err) =>
        err instanceof UsernameExistsException &&
        err.message === "An account with the given email already exists.",
    );
  });

  test("seeding twice changes nothing; a malformed seed is refused with the path of each problem", async () => {
    const again = await seedUserPool(pool.ctx, seed);
    assert.deepEqual(again.pools[0]?.users, pool.running.seed?.pools[0]?.users);
    await assert.rejects(
      seedUserPool(pool.ctx, { pools: [{ name: 1 }] }),
      (err) => err instanceof SeedError && /\/pools\/0/.test(err.message),
    );
    await assert.rejects(
      seedUserPool(pool.ctx, {
        pools: [{ name: "x", users: [{ username: "u", password: PASSWORD, groups: ["ghost"] }] }],
      }),
      (err) => err instanceof SeedError && /unknown group ghost/.test(err.message),
    );
  });
});

describe("tollgate user-pool", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "tollgate-cli-"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("--help lists the options", () => {
    const res = spawnSync(process.execPath, [BIN, "user-pool", "--help"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(res.status, 0, res.stderr);
    for (const option of ["--port", "--seed", "--data-dir", "--public-url", "--host"])
      assert.match(res.stdout, new RegExp(option));
  });

  test("starts the server with a seed file and prints the banner", async () => {
    const file = join(dir, "seed.json");
    await writeFile(file, JSON.stringify(seed));
    const child = spawn(
      process.execPath,
      [BIN, "user-pool", "--port", "0", "--data-dir", dir, "--seed", file],
      {
        cwd: ROOT,
        env: { ...process.env, USER_POOL_SCRYPT_LOG2N: "10" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    try {
      let out = "";
      const banner = await new Promise<string>((resolvePromise, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner; got: ${out}`)), 20_000);
        child.stdout.on("data", (chunk) => {
          out += chunk;
          if (/client emailclient/.test(out)) {
            clearTimeout(timer);
            resolvePromise(out);
          }
        });
        child.once("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      assert.match(banner, /Tollgate user pool/);
      assert.match(banner, /pool us-east-1_EmailPool1 "email-login"/);
      const url = banner.match(/listening\s+(http:\/\/127\.0\.0\.1:\d+)/)?.[1];
      assert.ok(url, banner);
      const jwks = await fetch(`${url}/us-east-1_EmailPool1/.well-known/jwks.json`);
      assert.equal(jwks.status, 200);
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
    }
  });
});
