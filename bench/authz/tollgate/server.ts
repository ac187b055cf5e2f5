import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { SERVER_CPU, spawnPinned, stopChild, tailOf } from "../../lib/child.ts";
import { makeTempDir, removeTempDir } from "../../lib/cleanup.ts";

const MAIN = fileURLToPath(new URL("./server-main.ts", import.meta.url));

export interface TollgateServer {
  url: string;
  apiKey: string;
  dataDir: string;
  pid: number | undefined;
  /** Starts the server's CPU profiler (only when started with `profileFile`). */
  startProfiling(): void;
  stop(): Promise<void>;
}

export interface TollgateStartOptions {
  profileFile?: string | undefined;
  /** Reuse a data dir a previous server filled (it then owns and removes it). */
  dataDir?: string | undefined;
  /** Diagnostic: keep recording decisions but never write them to SQLite. */
  auditWritesOff?: boolean;
  /** Keep the data dir when stopping, for a following server to reuse. */
  keepDataDir?: boolean;
  /** How long loading the data may take before the start counts as failed (default 30 s). */
  startTimeoutMs?: number;
}

/** Starts the service on a fresh (or a given) SQLite data dir in a pinned child process. */
export async function startTollgate(options: TollgateStartOptions = {}): Promise<TollgateServer> {
  const dataDir = options.dataDir ?? makeTempDir("authz");
  const apiKey = `permit_key_bench_${randomBytes(16).toString("hex")}`;
  const child = spawnPinned(process.execPath, ["--import", "tsx", MAIN], {
    cpu: SERVER_CPU,
    stdin: "pipe",
    env: {
      ...process.env,
      BENCH_DATA_DIR: dataDir,
      BENCH_API_KEY: apiKey,
      ...(options.profileFile ? { BENCH_PROFILE_FILE: options.profileFile } : {}),
      ...(options.auditWritesOff ? { BENCH_AUDIT_WRITES: "off" } : {}),
    },
  });
  const stderr = tailOf(child.stderr);
  const stop = async () => {
    // Generous: on stop the server flushes its audit buffer and may write a profile.
    await stopChild(child, 20_000);
    if (!options.keepDataDir) removeTempDir(dataDir);
  };
  try {
    const url = await readUrl(child, options.startTimeoutMs ?? 30_000);
    const startProfiling = () => {
      if (options.profileFile) child.kill("SIGUSR2");
    };
    return { url, apiKey, dataDir, pid: child.pid, startProfiling, stop };
  } catch (err) {
    await stop();
    throw new Error(`Tollgate did not start: ${(err as Error).message}\n${stderr()}`);
  }
}

/** Resolves with the URL from the child's first JSON line; rejects if it exits or takes too long. */
function readUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(() => reject(new Error(`no URL after ${timeoutMs} ms`)), timeoutMs);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening`));
    };
    child.once("exit", onExit);
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => {
      buffered += chunk;
      const line = buffered.split("\n").find((l) => l.startsWith("{") && l.endsWith("}"));
      if (line === undefined) return;
      clearTimeout(timer);
      child.off("exit", onExit);
      resolve((JSON.parse(line) as { url: string }).url);
    });
  });
}
