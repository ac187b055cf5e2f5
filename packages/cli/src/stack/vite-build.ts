import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const VITE = resolve(import.meta.dirname, "..", "..", "..", "..", "node_modules", "vite", "bin", "vite.js");

export interface ViteApp {
  /** The package that holds vite.config.ts. */
  root: string;
  /** Files and folders whose changes call for a rebuild. */
  sources: string[];
  /** The built entry page; its age is compared with the sources'. */
  index: string;
  /** What to call it in progress messages. */
  name: string;
}

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const name of readdirSync(path)) latest = Math.max(latest, newest(join(path, name)));
  return latest;
}

export function isFresh(app: ViteApp): boolean {
  return existsSync(app.index) && statSync(app.index).mtimeMs >= Math.max(...app.sources.map(newest));
}

/**
 * Builds a Vite app when its build is missing or older than its sources. Several processes may ask
 * at once (parallel test files, a second `npm start`): a lock directory (mkdir is atomic) lets one
 * build while the others wait for it.
 */
export async function ensureBuilt(app: ViteApp, log: (line: string) => void = console.log): Promise<void> {
  const lock = join(app.root, ".build-lock");
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (isFresh(app)) return;
    try {
      mkdirSync(lock);
    } catch {
      // Someone else is building. A lock older than three minutes was left by a killed run.
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 180_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for another build of ${app.name}`);
      await sleep(200);
      continue;
    }
    try {
      if (isFresh(app)) return;
      log(`building ${app.name} (vite build)...`);
      const result = spawnSync(process.execPath, [VITE, "build", "--logLevel", "warn"], {
        cwd: app.root,
        stdio: "inherit",
        // Under the test runner NODE_ENV is "test", which would give React's development build.
        env: { ...process.env, NODE_ENV: "production" },
      });
      if (result.status !== 0) throw new Error(`building ${app.name} failed (see the output above)`);
      return;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

const packages = resolve(import.meta.dirname, "..", "..", "..");

/** The tasks app's SPA. */
export const TASKS_WEB: ViteApp = {
  name: "the tasks app's web UI",
  root: join(packages, "tasks-app"),
  sources: [
    ...["web", "vite.config.ts"].map((p) => join(packages, "tasks-app", p)),
    join(packages, "web-ui", "src"),
  ],
  index: join(packages, "tasks-app", "dist", "web", "index.html"),
};

/** The policy console, served by the authorization service. */
export const CONSOLE_WEB: ViteApp = {
  name: "the policy console",
  root: join(packages, "authz-console"),
  sources: [
    ...["src", "public", "index.html", "vite.config.ts"].map((p) => join(packages, "authz-console", p)),
    join(packages, "web-ui", "src"),
  ],
  index: join(packages, "authz-console", "dist", "index.html"),
};
