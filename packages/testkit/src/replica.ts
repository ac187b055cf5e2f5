/** An authorization-service replica as a real `tollgate authz` process, for kill/restart tests. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TEST_API_KEY } from "./authz.ts";
import { TOLLGATE_BIN as bin } from "./cli.ts";

export interface Replica {
  url: string;
  child: ChildProcess;
  output(): string;
  /** POST/GET with the API key; `minVersion` sets X-Min-Version. */
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON responses field by field.
  ): Promise<{ status: number; body: any; version: number }>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts several replicas at once; if any fails to start, the others are killed before the error
 * is rethrown (a `Promise.all` would leave them running with nobody to stop them).
 */
export async function startReplicas(databaseUrl: string, count: number): Promise<Replica[]> {
  const started = await Promise.allSettled(Array.from({ length: count }, () => startReplica(databaseUrl)));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (!failed) return started.map((s) => (s as PromiseFulfilledResult<Replica>).value);
  for (const s of started) if (s.status === "fulfilled") await s.value.kill();
  throw failed.reason;
}

export async function startReplica(
  databaseUrl: string,
  options: { startTimeoutMs?: number } = {},
): Promise<Replica> {
  const child = spawn(process.execPath, [bin, "authz", "--port", "0", "--log-level", "warn"], {
    env: {
      ...process.env,
      AUTHZ_DATABASE_URL: databaseUrl,
      // One process per replica, as these tests were written for; workers.test.ts covers clusters.
      AUTHZ_WORKERS: "1",
      AUTHZ_API_KEY: TEST_API_KEY,
      TOLLGATE_DATA_DIR: mkdtempSync(join(tmpdir(), "tollgate-replica-")),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => {
    out += d;
  });
  child.stderr!.on("data", (d) => {
    out += d;
  });
  let spawnError: Error | undefined;
  child.once("error", (err) => {
    spawnError = err;
  });
  const describe = () =>
    `(pid ${child.pid ?? "none"}, exit code ${child.exitCode}, signal ${child.signalCode}` +
    `${spawnError ? `, spawn error ${spawnError.message}` : ""}); output:\n${out || "(none)"}`;
  // Measured on the 2-core test machine: one replica takes ~7 s to print its banner at load 13
  // (almost all of it loading ~1,000 modules through tsx), three started together ~19 s, and with
  // other test files running beside them the load passes 20 and 30 s was not always enough. The wait
  // ends early on the banner or on the child's exit, so a generous bound costs nothing when healthy.
  const deadline = Date.now() + (options.startTimeoutMs ?? 120_000);
  let url: string | undefined;
  while (url === undefined) {
    url = /API \+ PDP\s+(http:\/\/\S+)/.exec(out)?.[1];
    if (url !== undefined) break;
    if (child.exitCode !== null || child.signalCode !== null || spawnError) {
      throw new Error(`replica exited before it started ${describe()}`);
    }
    if (Date.now() > deadline) {
      // Do not leave it running behind the failed test (it would keep the test process alive).
      child.kill("SIGKILL");
      throw new Error(`replica did not start within ${options.startTimeoutMs ?? 120_000} ms ${describe()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const base = url;
  return {
    url: base,
    child,
    output: () => out,
    async call(method, path, body, headers = {}) {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${TEST_API_KEY}`,
          ...(body !== undefined && { "content-type": "application/json" }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return {
        status: res.status,
        body: text ? JSON.parse(text) : undefined,
        version: Number(res.headers.get("x-policy-version")),
      };
    },
    async kill(signal = "SIGKILL") {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill(signal);
      await exited;
    },
  };
}
