import type { CheckSample } from "./samples.ts";
import type { PdpTarget } from "./target.ts";

const CONCURRENCY = 8;

/**
 * Sends every request of the rotating set once and compares each answer with the expected decision,
 * so the load test is known to be asking questions the system answers correctly (and, for Cerbos,
 * that its policies really are equivalent). Returns the number of wrong or failed answers.
 */
export async function countMismatches(target: PdpTarget, samples: readonly CheckSample[]): Promise<number> {
  let next = 0;
  let mismatches = 0;
  const worker = async () => {
    while (next < samples.length) {
      const i = next++;
      const request = target.requests[i]!;
      const res = await fetch(`${target.url}${request.path}`, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(10_000),
      });
      const body: unknown = res.ok ? await res.json() : await res.text();
      if (!res.ok || target.readAllow(body, samples[i]!) !== samples[i]!.expected) mismatches++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return mismatches;
}
