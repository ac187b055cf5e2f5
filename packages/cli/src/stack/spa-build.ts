import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

const appDir = resolve(import.meta.dirname, "..", "..", "..", "tasks-app");

function newest(dir: string): number {
  let latest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    latest = Math.max(latest, stat.isDirectory() ? newest(path) : stat.mtimeMs);
  }
  return latest;
}

/** Builds the tasks app's SPA with Vite when the build is missing or older than its sources. */
export function ensureSpaBuilt(log: (line: string) => void = console.log): string {
  const out = join(appDir, "dist", "web");
  const index = join(out, "index.html");
  const sources = join(appDir, "web");
  if (!existsSync(sources)) return out;
  if (existsSync(index) && statSync(index).mtimeMs >= newest(sources)) return out;
  log("building the tasks app's web UI (vite build)...");
  const vite = join(appDir, "..", "..", "node_modules", "vite", "bin", "vite.js");
  const result = spawnSync(process.execPath, [vite, "build", "--logLevel", "warn"], {
    cwd: appDir,
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error("building the web UI failed (see the output above)");
  return out;
}
