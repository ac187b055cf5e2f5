/**
 * The load generator, run as its own process (see load.ts) so that it does not share an event loop
 * or a core with the server under test. Reads a LoadSpec as JSON on stdin, writes a LoadResult as
 * JSON on stdout.
 *
 * Latency comes from autocannon's per-response event rather than its histogram: the histogram
 * records whole milliseconds, and a local PDP answers in well under one.
 */
import { text } from "node:stream/consumers";
import autocannon, { type AutocannonOptions, type AutocannonResult } from "autocannon";
import type { LoadResult, LoadSpec } from "./load-spec.ts";
import { quantileSorted } from "./stats.ts";

/** Enough for ~100k requests/s for 20 s; beyond that, later responses are counted but not timed. */
const MAX_SAMPLES = 2_000_000;

function run(options: AutocannonOptions, onResponse?: (status: number, ms: number) => void) {
  return new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon(options, (err, result) => (err ? reject(err) : resolve(result)));
    if (onResponse) {
      instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) =>
        onResponse(status, ms),
      );
    }
  });
}

async function main(): Promise<void> {
  const spec = JSON.parse(await text(process.stdin)) as LoadSpec;
  const base: AutocannonOptions = {
    url: spec.url,
    connections: spec.connections,
    timeout: 10,
    requests: spec.requests,
  };

  let warmupRequests = 0;
  let warmupRequestsPerSec = 0;
  if (spec.warmupSec > 0) {
    const warm = await run({ ...base, duration: spec.warmupSec });
    warmupRequests = warm.requests.total;
    warmupRequestsPerSec = warm.requests.total / warm.duration;
  }

  const samples = new Float64Array(MAX_SAMPLES);
  let count = 0;
  const result = await run({ ...base, duration: spec.durationSec }, (_status, ms) => {
    if (count < MAX_SAMPLES) samples[count++] = ms;
  });

  const sorted = samples.subarray(0, count).sort();
  let sum = 0;
  for (const ms of sorted) sum += ms;
  const out: LoadResult = {
    connections: spec.connections,
    durationSec: result.duration,
    requests: result.requests.total,
    requestsPerSec: result.requests.total / result.duration,
    latencyMs: {
      p50: quantileSorted(sorted, 0.5),
      p90: quantileSorted(sorted, 0.9),
      p99: quantileSorted(sorted, 0.99),
      p999: quantileSorted(sorted, 0.999),
      max: count > 0 ? sorted[count - 1]! : Number.NaN,
      mean: count > 0 ? sum / count : Number.NaN,
    },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    warmupRequestsPerSec,
    warmupRequests,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
