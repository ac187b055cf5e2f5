import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * A forced GC, so heap numbers measure what is retained rather than garbage that happens to be
 * around. `npm run bench` does not start node with --expose-gc, so the flag is switched on at run
 * time and `gc` is fetched from a fresh context, where V8 installs it.
 */
function loadGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  try {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as unknown;
    if (typeof gc === "function") return gc as () => void;
  } catch {
    // Not available on this runtime: heap figures will include garbage.
  }
  return () => undefined;
}

const gc = loadGc();

/** Heap used after a full collection, in bytes. */
export function settledHeapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

export function mib(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}
