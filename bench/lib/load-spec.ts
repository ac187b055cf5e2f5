/** What the parent asks the load-generator child to do, and what it reports back (JSON both ways). */

export interface LoadRequest {
  method: "POST" | "GET";
  path: string;
  headers: Record<string, string>;
  /** Omitted for GET. */
  body?: string;
}

export interface LoadSpec {
  url: string;
  connections: number;
  durationSec: number;
  /** Same load, results discarded: lets the server's JIT and caches settle first. */
  warmupSec: number;
  /** Each connection cycles through these in order. */
  requests: LoadRequest[];
}

export interface LoadResult {
  connections: number;
  durationSec: number;
  requests: number;
  requestsPerSec: number;
  /** Latencies in milliseconds, measured per response with sub-millisecond precision. */
  latencyMs: { p50: number; p90: number; p99: number; p999: number; max: number; mean: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  warmupRequestsPerSec: number;
  warmupRequests: number;
}
