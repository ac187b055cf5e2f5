/**
 * Builds the console with Vite when `dist/index.html` is missing or older than any source. Test
 * files run in parallel processes, so a lock directory (mkdir is atomic) makes one build and the
 * others wait for it, then see a fresh build and skip theirs.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export const CONSOLE_ROOT = resolve(import.meta.dirname, "..");
const INDEX = join(CONSOLE_ROOT, "dist", "index.html");
const LOCK = join(CONSOLE_ROOT, ".build-lock");
const SOURCES = ["src", "public", "index.html", "vite.config.ts"].map((p) => join(CONSOLE_ROOT, p));

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const name of readdirSync(path)) latest = Math.max(latest, newest(join(path, name)));
  return latest;
}

export function consoleIsFresh(): boolean {
  return existsSync(INDEX) && statSync(INDEX).mtimeMs >= Math.max(...SOURCES.map(newest));
}

export async function ensureConsoleBuilt(): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (consoleIsFresh()) return;
    try {
      mkdirSync(LOCK);
    } catch {
      // Someone else is building. A lock older than two minutes was left by a killed run.
      const age = Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error("timed out waiting for another console build");
      await sleep(200);
      continue;
    }
    try {
      if (consoleIsFresh()) return;
      const vite = resolve(CONSOLE_ROOT, "..", "..", "node_modules", "vite", "bin", "vite.js");
      const result = spawnSync(process.execPath, [vite, "build", "--logLevel", "warn"], {
        cwd: CONSOLE_ROOT,
        stdio: "inherit",
        // The test runner sets NODE_ENV=test, which would give React's development build.
        env: { ...process.env, NODE_ENV: "production" },
      });
      if (result.status !== 0) throw new Error("vite build of the console failed (see above)");
      return;
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}
