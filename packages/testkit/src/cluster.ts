/** `tollgate authz --workers N` as a real process, and HTTP helpers that pick new connections. */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TEST_API_KEY } from "./authz.ts";
import { TOLLGATE_BIN as bin } from "./cli.ts";

export interface Reply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON responses field by field.
  body: any;
  worker: string | undefined;
  version: number;
}

export interface ClusterProcess {
  url: string;
  dataDir: string;
  child: ChildProcess;
  output(): string;
  /** The worker processes' pids (the primary's children). */
  workerPids(): number[];
  /** One request on a connection of its own: the cluster hands each new connection to the next worker. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startCluster(options: {
  workers: number;
  databaseUrl?: string;
  env?: Record<string, string>;
}): Promise<ClusterProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), "tollgate-cluster-"));
  const child = spawn(
    process.execPath,
    [bin, "authz", "--port", "0", "--log-level", "warn", "--workers", String(options.workers)],
    {
      env: {
        ...process.env,
        AUTHZ_API_KEY: TEST_API_KEY,
        TOLLGATE_DATA_DIR: dataDir,
        AUTHZ_DATABASE_URL: options.databaseUrl ?? "",
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  child.stdout!.on("data", (d) => {
    out += d;
  });
  child.stderr!.on("data", (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  // Generous: N workers each load tsx and the snapshot, and a loaded 2-core machine has taken 80 s
  // (tests give their cluster suites room for that).
  const deadline = Date.now() + 180_000;
  let url: string | undefined;
  while (url === undefined) {
    url = /API \+ PDP\s+(http:\/\/\S+)/.exec(out)?.[1];
    if (child.exitCode !== null) throw new Error(`tollgate authz exited: ${out}`);
    if (Date.now() > deadline) {
      // Stop the primary (it stops its workers) so a failed start leaves no process keeping the test alive.
      child.kill("SIGTERM");
      const stopped = await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000, "late"))]);
      if (stopped === "late") child.kill("SIGKILL");
      throw new Error(`tollgate authz did not start within 180 s: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const base = new URL(url);
  return {
    url,
    dataDir,
    child,
    output: () => out,
    workerPids() {
      try {
        // The primary's other children (tsx's esbuild service) are not workers.
        return execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(child.pid)], { encoding: "utf8" })
          .split("\n")
          .filter((l) => l.includes("worker-main.mjs"))
          .map((l) => Number.parseInt(l.trim(), 10))
          .filter((n) => n > 0);
      } catch {
        return [];
      }
    },
    call(method, path, body, headers = {}) {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      return new Promise<Reply>((resolvePromise, reject) => {
        const req = request(
          {
            host: "127.0.0.1",
            port: base.port,
            path,
            method,
            agent: false,
            headers: {
              authorization: `Bearer ${TEST_API_KEY}`,
              connection: "close",
              // Explicit: Node sends a DELETE's body without a length otherwise.
              ...(payload !== undefined && {
                "content-type": "application/json",
                "content-length": String(Buffer.byteLength(payload)),
              }),
              ...headers,
            },
          },
          (res) => {
            let text = "";
            res.setEncoding("utf8");
            res.on("data", (d) => {
              text += d;
            });
            res.on("end", () =>
              resolvePromise({
                status: res.statusCode ?? 0,
                body: text ? JSON.parse(text) : undefined,
                worker: res.headers["x-tollgate-worker"] as string | undefined,
                version: Number(res.headers["x-policy-version"]),
              }),
            );
          },
        );
        req.on("error", reject);
        // A connection handed to a worker at the moment it dies is never answered.
        req.setTimeout(15_000, () => req.destroy(new Error(`no answer to ${method} ${path} in 15 s`)));
        req.end(payload);
      });
    },
    async stop(signal = "SIGINT") {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
