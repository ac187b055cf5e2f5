/**
 * User-pool benchmark (loaded by bench/modules.ts when present): token-endpoint throughput with the
 * refresh grant, and sign-in throughput (InitiateAuth USER_PASSWORD_AUTH), against the real server
 * started as its own process (`tollgate user-pool`) on loopback, with the production scrypt cost.
 * Sign-in is bounded by password hashing by design; the numbers state the cost they were taken at.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import autocannon, { type AutocannonResult } from "autocannon";
import { benchSrpBesidePassword } from "./user-pool-srp.ts";

const ROOT = resolve(import.meta.dirname, "..");
const POOL_ID = "us-east-1_BenchPool1";
const CLIENT_ID = "benchclient000000000000000";
const PASSWORD = "Bench-Password-1";
/** The server's default (USER_POOL_SCRYPT_LOG2N): N = 2^15, r = 8, p = 1 — 32 MiB per hash. */
const SCRYPT_LOG2N = 15;
const SECONDS = 5;
const CONNECTIONS = 16;

function run(options: Parameters<typeof autocannon>[0]): Promise<AutocannonResult> {
  return new Promise((resolvePromise, reject) => {
    autocannon(options, (err, result) => (err ? reject(err) : resolvePromise(result)));
  });
}

function summary(result: AutocannonResult): Record<string, unknown> {
  return {
    requestsPerSecond: Math.round(result.requests.average),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function startServer(dir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const seedFile = join(dir, "seed.json");
  await writeFile(
    seedFile,
    JSON.stringify({
      pools: [
        {
          id: POOL_ID,
          name: "bench",
          clients: [{ id: CLIENT_ID, name: "bench" }],
          users: [{ username: "bench", password: PASSWORD }],
        },
      ],
    }),
  );
  const child = spawn(
    process.execPath,
    [
      join(ROOT, "packages/cli/bin/tollgate.mjs"),
      "user-pool",
      "--port",
      "0",
      "--data-dir",
      dir,
      "--seed",
      seedFile,
    ],
    {
      cwd: ROOT,
      // Throughput is the point here, so the rate limits (a guard against guessing) are switched off.
      env: {
        ...process.env,
        USER_POOL_SCRYPT_LOG2N: String(SCRYPT_LOG2N),
        USER_POOL_RATE_LIMIT_SIGN_IN: "0",
        USER_POOL_RATE_LIMIT_TOKEN: "0",
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let out = "";
  const url = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`user pool did not start: ${out}`)), 30_000);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = out.match(/listening\s+(http:\/\/127\.0\.0\.1:\d+)/);
      if (match?.[1] && out.includes(`client ${CLIENT_ID}`)) {
        clearTimeout(timer);
        resolvePromise(match[1]);
      }
    });
    child.once("exit", (code) => reject(new Error(`user pool exited (${code}): ${out}`)));
  });
  return {
    url,
    stop: () =>
      new Promise((r) => {
        if (child.exitCode !== null) return r();
        child.once("exit", () => r());
        child.kill("SIGTERM");
      }),
  };
}

async function initiateAuth(
  url: string,
): Promise<{ status: number; refreshToken: string | undefined; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${url}/`, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": "AWSCognitoIdentityProviderService.InitiateAuth",
    },
    body: JSON.stringify({
      ClientId: CLIENT_ID,
      AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: "bench", PASSWORD },
    }),
  });
  const body = (await res.json()) as { AuthenticationResult?: { RefreshToken?: string } };
  return {
    status: res.status,
    refreshToken: body.AuthenticationResult?.RefreshToken,
    ms: performance.now() - started,
  };
}

/** Runs both measurements (about 15 s) and returns a flat record for the results table. */
export async function benchUserPool(): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), "tollgate-bench-user-pool-"));
  const server = await startServer(dir);
  try {
    // One sequential sign-in first: the cost of a single password check on an idle server.
    await initiateAuth(server.url);
    const single = await initiateAuth(server.url);
    if (single.status !== 200 || !single.refreshToken)
      throw new Error(`sign-in failed with ${single.status}`);

    const refresh = await run({
      url: `${server.url}/oauth2/token`,
      method: "POST",
      connections: CONNECTIONS,
      duration: SECONDS,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      requests: [
        {
          method: "POST",
          path: "/oauth2/token",
          body: new URLSearchParams({
            grant_type: "refresh_token",
            client_id: CLIENT_ID,
            refresh_token: single.refreshToken,
          }).toString(),
        },
      ],
    });
    const signIn = await run({
      url: `${server.url}/`,
      method: "POST",
      connections: CONNECTIONS,
      duration: SECONDS,
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSCognitoIdentityProviderService.InitiateAuth",
      },
      requests: [
        {
          method: "POST",
          path: "/",
          body: JSON.stringify({
            ClientId: CLIENT_ID,
            AuthFlow: "USER_PASSWORD_AUTH",
            AuthParameters: { USERNAME: "bench", PASSWORD },
          }),
        },
      ],
    });
    // The same server and scrypt cost: SRP proves the password without scrypt (two modular
    // exponentiations on the server instead), password sign-in pays one scrypt per attempt.
    const srp = await benchSrpBesidePassword(
      server.url,
      { poolId: POOL_ID, clientId: CLIENT_ID, username: "bench", password: PASSWORD },
      { seconds: SECONDS, concurrency: 4 },
    );
    return {
      passwordHashing: `scrypt N=2^${SCRYPT_LOG2N} r=8 p=1 (${(2 ** SCRYPT_LOG2N * 8 * 128) / 2 ** 20} MiB per hash)`,
      cpus: availableParallelism(),
      connections: CONNECTIONS,
      secondsPerLoad: SECONDS,
      singleSignInMs: Math.round(single.ms * 10) / 10,
      ...Object.fromEntries(Object.entries(summary(refresh)).map(([k, v]) => [`refreshGrant.${k}`, v])),
      ...Object.fromEntries(Object.entries(summary(signIn)).map(([k, v]) => [`signIn.${k}`, v])),
      ...srp,
    };
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
