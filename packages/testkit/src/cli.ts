/** The real `tollgate` command, found through the CLI package rather than a path into its folder. */
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** `packages/cli/bin/tollgate.mjs`, next to the package's entry (`src/main.ts`). */
export const TOLLGATE_BIN = join(
  dirname(fileURLToPath(import.meta.resolve("@tollgate/cli"))),
  "..",
  "bin",
  "tollgate.mjs",
);
/** Runs the real `tollgate` command as a subprocess and collects its output. */
export function runCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [TOLLGATE_BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d) => {
    out += d;
  });
  child.stderr.on("data", (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => out,
    /** Waits for the process to end; resolves with its exit code and output. */
    async done() {
      const code = await exited;
      return { code, out };
    },
    async waitFor(pattern: RegExp, ms = 20000) {
      const deadline = Date.now() + ms;
      while (!pattern.test(out)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output:\n${out}`);
        if (child.exitCode !== null)
          throw new Error(`process exited (${child.exitCode}) before ${pattern}; output:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return pattern.exec(out)!;
    },
  };
}
