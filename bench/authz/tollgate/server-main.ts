/**
 * The Tollgate authorization service as a process of its own, so the PDP load test measures it on
 * its own core, the way Cerbos runs, and not inside the bench's event loop. Prints one JSON line
 * with its URL once listening; stops cleanly on SIGTERM/SIGINT or when the parent goes away (stdin
 * closes).
 *
 * With BENCH_PROFILE_FILE set, SIGUSR2 starts the V8 CPU profiler and stopping writes the profile:
 * that way the profile covers the load test only, not the minute of data loading before it.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { createAuthzService } from "@tollgate/authz";

const dataDir = process.env["BENCH_DATA_DIR"];
const apiKey = process.env["BENCH_API_KEY"];
const profileFile = process.env["BENCH_PROFILE_FILE"];
if (!dataDir || !apiKey) {
  console.error("server-main: BENCH_DATA_DIR and BENCH_API_KEY are required");
  process.exit(2);
}

let profiler: Session | undefined;
if (profileFile) {
  process.on("SIGUSR2", () => {
    if (profiler) return;
    profiler = new Session();
    profiler.connect();
    void (async () => {
      await profiler.post("Profiler.enable");
      // Finer than the 1 ms default: a PDP request is tens of microseconds.
      await profiler.post("Profiler.setSamplingInterval", { interval: 200 });
      await profiler.post("Profiler.start");
    })();
  });
}

/**
 * BENCH_AUDIT_WRITES=off is a diagnostic, not a configuration we compare: the buffer holds one
 * entry, so every later decision is dropped at a length check and nothing reaches SQLite. The
 * difference from the normal run is the whole cost of the audit log to the PDP (recording,
 * handing batches over, writing them).
 */
const auditOff = process.env["BENCH_AUDIT_WRITES"] === "off";
const service = await createAuthzService({
  dataDir,
  apiKeys: [apiKey],
  logger: false,
  ...(auditOff
    ? { audit: { flushAt: Number.POSITIVE_INFINITY, flushIntervalMs: 2 ** 31 - 1, maxBuffered: 1 } }
    : {}),
});
const url = await service.app.listen({ host: "127.0.0.1", port: 0 });
process.stdout.write(`${JSON.stringify({ url })}\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (profiler && profileFile) {
    const { profile } = await profiler.post("Profiler.stop");
    writeFileSync(profileFile, JSON.stringify(profile));
  }
  await service.close();
  process.exit(0);
}
process.once("SIGTERM", () => void stop());
process.once("SIGINT", () => void stop());
process.stdin.on("end", () => void stop());
process.stdin.resume();
