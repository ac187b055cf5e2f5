import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { spawnPinned, stopChild, tailOf } from "../../lib/child.ts";

const BIN = fileURLToPath(new URL("../../../packages/cli/bin/tollgate.mjs", import.meta.url));

export interface CliServer {
  url: string;
  apiKey: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * `tollgate authz --workers N` exactly as a user starts it (the cluster primary and its workers), on
 * a given data dir, free to use every core.
 */
export async function startTollgateCli(
  dataDir: string,
  workers: number,
  apiKey?: string,
): Promise<CliServer> {
  const key = apiKey ?? `permit_key_bench_${randomBytes(16).toString("hex")}`;
  const child = spawnPinned(
    process.execPath,
    [BIN, "authz", "--port", "0", "--log-level", "warn", "--workers", String(workers)],
    {
      cpu: 0,
      pinned: false,
      env: { ...process.env, TOLLGATE_DATA_DIR: dataDir, AUTHZ_API_KEY: key, AUTHZ_DATABASE_URL: "" },
    },
  );
  const out = tailOf(child.stdout, 100_000);
  const err = tailOf(child.stderr);
  const deadline = Date.now() + 180_000;
  for (;;) {
    const url = /API \+ PDP\s+(http:\/\/\S+)/.exec(out())?.[1];
    if (url)
      return {
        url: url.replace("localhost", "127.0.0.1"),
        apiKey: key,
        pid: undefined,
        stop: () => stopChild(child, 20_000),
      };
    if (child.exitCode !== null || Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`tollgate authz --workers ${workers} did not start: ${out()}${err()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
