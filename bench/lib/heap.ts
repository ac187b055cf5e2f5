import { readFileSync } from "node:fs";
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

/**
 * Memory held after a full collection, in bytes: the JS heap plus ArrayBuffers. The engine keeps
 * its large tables in typed arrays, outside the heap, so the heap alone would flatter it.
 */
export function settledMemoryUsed(): number {
  gc();
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

export function mib(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

/**
 * MiB of this process's memory in transparent huge pages (Linux), or `undefined` elsewhere. The
 * bench script sets `GLIBC_TUNABLES=glibc.malloc.hugetlb=1`, as the PDP's workers get, so the
 * engine's large typed arrays can be backed by huge pages; this says whether they were.
 */
export function hugePagesMiB(): number | undefined {
  try {
    const match = /AnonHugePages:\s+(\d+) kB/.exec(readFileSync("/proc/self/smaps_rollup", "utf8"));
    return match ? Math.round(Number(match[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}
