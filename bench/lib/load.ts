import { fileURLToPath } from "node:url";
import { LOAD_CPU, spawnPinned, stopChild, tailOf } from "./child.ts";
import type { LoadResult, LoadSpec } from "./load-spec.ts";

const WORKER = fileURLToPath(new URL("./load-worker.ts", import.meta.url));

/**
 * Runs autocannon in a child process pinned away from the server (see child.ts; `pinned: false`
 * lets it use any core, as a user's load generator would), and returns its
 * summary. Bounded: the child is killed if it overruns its duration by more than 30 s.
 */
export async function runLoad(spec: LoadSpec, options: { pinned?: boolean } = {}): Promise<LoadResult> {
  const child = spawnPinned(process.execPath, ["--import", "tsx", WORKER], {
    cpu: LOAD_CPU,
    stdin: "pipe",
    pinned: options.pinned,
  });
  const stderr = tailOf(child.stderr);
  const stdout = tailOf(child.stdout, 1_000_000);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.stdin?.end(JSON.stringify(spec));

  const budgetMs = (spec.durationSec + spec.warmupSec + 30) * 1000;
  let timer: NodeJS.Timeout | undefined;
  const overran = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), budgetMs);
  });
  try {
    const code = await Promise.race([exited, overran]);
    if (code === "timeout") throw new Error(`load generator ran over ${budgetMs} ms`);
    if (code !== 0) throw new Error(`load generator exited with ${code}: ${stderr()}`);
    const lastLine = stdout().trim().split("\n").at(-1) ?? "";
    return JSON.parse(lastLine) as LoadResult;
  } finally {
    clearTimeout(timer);
    await stopChild(child);
  }
}
