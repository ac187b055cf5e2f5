/** An authorization-service replica as a real `tollgate authz` process, for kill/restart tests. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { TEST_API_KEY } from "./helpers.ts";

const bin = resolve(import.meta.dirname, "..", "..", "cli", "bin", "tollgate.mjs");

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
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  let url: string | undefined;
  while (url === undefined) {
    url = /API \+ PDP\s+(http:\/\/\S+)/.exec(out)?.[1];
    if (child.exitCode !== null) throw new Error(`replica exited: ${out}`);
    if (Date.now() > deadline) throw new Error(`replica did not start: ${out}`);
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
