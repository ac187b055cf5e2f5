import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { SERVER_CPU, spawnPinned, stopChild, tailOf } from "../../lib/child.ts";
import { makeTempDir, removeTempDir } from "../../lib/cleanup.ts";
import { freePort, waitForHttpOk } from "../../lib/net.ts";
import { writeCerbosConfig } from "./config.ts";
import { writeCerbosPolicies } from "./policies.ts";

export interface CerbosServer {
  url: string;
  pid: number | undefined;
  /** Go's GOMAXPROCS as Cerbos logged it at start-up (it follows the CPU affinity), for the report. */
  gomaxprocs: string;
  stop(): Promise<void>;
}

/**
 * Writes config and policies (the tutorial's unless `policies` writes others) to a temp dir, starts
 * Cerbos (pinned like Tollgate unless told not to), waits for health.
 */
export async function startCerbos(
  binary: string,
  options: { pinned?: boolean; policies?: (dir: string) => void } = {},
): Promise<CerbosServer> {
  const dir = makeTempDir("cerbos");
  const policyDir = join(dir, "policies");
  mkdirSync(policyDir);
  (options.policies ?? writeCerbosPolicies)(policyDir);
  const ports = { http: await freePort(), grpc: await freePort() };
  const config = writeCerbosConfig(dir, policyDir, ports);

  const child = spawnPinned(binary, ["server", `--config=${config}`], {
    cpu: SERVER_CPU,
    cwd: dir,
    env: { ...process.env, CERBOS_NO_TELEMETRY: "1" },
    pinned: options.pinned,
  });
  const stdout = tailOf(child.stdout);
  const stderr = tailOf(child.stderr);
  const stop = async () => {
    await stopChild(child);
    removeTempDir(dir);
  };
  const url = `http://127.0.0.1:${ports.http}`;
  try {
    await waitForHttpOk(`${url}/_cerbos/health`, 20_000, () => child.exitCode === null);
  } catch (err) {
    await stop();
    throw new Error(`Cerbos did not start: ${(err as Error).message}\n${stdout()}${stderr()}`);
  }
  return {
    url,
    pid: child.pid,
    gomaxprocs: /GOMAXPROCS=(\d+)/.exec(stdout() + stderr())?.[1] ?? "unknown",
    stop,
  };
}
