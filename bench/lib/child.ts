import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { trackChild } from "./cleanup.ts";

/**
 * On a small machine the server under test and the load generator fight for cores, which makes the
 * numbers depend on the scheduler. When `taskset` is available and there are at least two cores,
 * servers are pinned to CPU 0 and the load generator to CPU 1, for Tollgate and Cerbos alike.
 */
const canPin =
  availableParallelism() >= 2 && spawnSync("taskset", ["-c", "0", "true"], { stdio: "ignore" }).status === 0;

export const SERVER_CPU = 0;
export const LOAD_CPU = 1;

export function pinningNote(): string {
  return canPin
    ? `servers pinned to CPU ${SERVER_CPU}, load generator to CPU ${LOAD_CPU} (taskset)`
    : `no CPU pinning (taskset unavailable or ${availableParallelism()} core(s)); server and load generator share cores`;
}

export interface SpawnOptions {
  cpu: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  stdin?: "pipe" | "ignore";
  /** False: free to use every core, whatever pinning is available (the "as a user runs it" runs). */
  pinned?: boolean | undefined;
}

/**
 * Exit handlers cannot run when the bench is SIGKILLed, and a server such as Cerbos would then run
 * on. A one-line watchdog, detached from us, kills the child once our process is gone; it ends by
 * itself when the child does.
 */
function killWhenOrphaned(child: ChildProcess): void {
  if (child.pid === undefined) return;
  const script = `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${child.pid} 2>/dev/null; do sleep 1; done; kill -9 ${child.pid} 2>/dev/null`;
  spawn("sh", ["-c", script], { detached: true, stdio: "ignore" }).unref();
}

/** Spawns a tracked child, pinned to `cpu` when pinning is possible. `taskset` execs, so the pid is the command's. */
export function spawnPinned(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  const [cmd, argv] =
    canPin && options.pinned !== false
      ? ["taskset", ["-c", String(options.cpu), command, ...args]]
      : [command, [...args]];
  const child = spawn(cmd, argv, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: [options.stdin ?? "ignore", "pipe", "pipe"],
  });
  killWhenOrphaned(child);
  return trackChild(child);
}

/** Sends SIGTERM, then SIGKILL if the child has not exited after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Keeps the last `limit` characters a child wrote, for error messages when it dies. */
export function tailOf(stream: NodeJS.ReadableStream | null, limit = 4000): () => string {
  let text = "";
  stream?.setEncoding("utf8");
  stream?.on("data", (chunk: string) => {
    text = (text + chunk).slice(-limit);
  });
  return () => text;
}
