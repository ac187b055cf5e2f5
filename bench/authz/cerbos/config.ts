import { writeFileSync } from "node:fs";
import { join } from "node:path";

export interface CerbosPorts {
  http: number;
  grpc: number;
}

/**
 * The server config: policies read from disk once (no watcher), both listeners on loopback, audit
 * and telemetry off. Tollgate, by contrast, always records every decision in its audit log; that
 * cost is left on Tollgate's side of the comparison.
 */
export function writeCerbosConfig(dir: string, policyDir: string, ports: CerbosPorts): string {
  const file = join(dir, "config.yaml");
  writeFileSync(
    file,
    [
      "server:",
      `  httpListenAddr: "127.0.0.1:${ports.http}"`,
      `  grpcListenAddr: "127.0.0.1:${ports.grpc}"`,
      "storage:",
      "  driver: disk",
      "  disk:",
      `    directory: ${JSON.stringify(policyDir)}`,
      "    watchForChanges: false",
      "audit:",
      "  enabled: false",
      "telemetry:",
      "  disabled: true",
      "",
    ].join("\n"),
  );
  return file;
}
