import { existsSync } from "node:fs";
import { printRecord } from "./lib/record-table.ts";

/**
 * `bench/user-pool.ts` belongs to the user-pool package's owner and may not exist yet: it is
 * imported only if present, and must export `benchUserPool(): Promise<Record<string, unknown>>`.
 */
export const USER_POOL_BENCH = new URL("./user-pool.ts", import.meta.url);

export async function runUserPool(
  file: URL = USER_POOL_BENCH,
): Promise<Record<string, unknown> | { skipped: string }> {
  if (!existsSync(file)) return { skipped: "bench/user-pool.ts does not exist (yet)" };
  // A computed specifier, so the type checker does not require the file to exist.
  const mod = (await import(file.href)) as { benchUserPool?: () => Promise<Record<string, unknown>> };
  if (typeof mod.benchUserPool !== "function")
    return { skipped: "bench/user-pool.ts exports no benchUserPool()" };
  const result = await mod.benchUserPool();
  printRecord("User pool", result);
  return result;
}
