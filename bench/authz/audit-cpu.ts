import { createAuthzService } from "@tollgate/authz";
import { makeTempDir, removeTempDir } from "../lib/cleanup.ts";
import { median } from "../lib/stats.ts";
import type { CheckSample } from "./samples.ts";

const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/**
 * The audit log's CPU per decision, in process: record `n` decisions shaped like the bench's
 * checks, flush, and read the process's CPU time (every thread: the recording on this one, the
 * writer thread's inserts). CPU time, unlike req/s, hardly moves when a neighbour loads the
 * machine, so this is the steady number to compare versions by. Median of `rounds`.
 */
export async function auditCpuPerDecision(
  samples: readonly CheckSample[],
  n: number,
  rounds: number,
): Promise<{ usPerDecision: number; rounds: number[] }> {
  const dataDir = makeTempDir("authz-audit-cpu");
  const service = await createAuthzService({
    dataDir,
    apiKeys: ["permit_key_bench_audit_cpu"],
    logger: false,
  });
  try {
    const results: number[] = [];
    for (let r = 0; r < rounds + 1; r++) {
      const before = cpuUs();
      for (let i = 0; i < n; i++) {
        const s = samples[i % samples.length]!;
        service.audit.record({
          user: s.user,
          action: s.action,
          type: s.type,
          decision: { allow: s.expected, reason: s.expected ? "allowed" : "no_permission", tenant: s.tenant },
        });
        // As under load: the timer's flushes interleave with recording.
        if (i % 2000 === 1999) await new Promise((resolve) => setImmediate(resolve));
      }
      await service.audit.flush();
      // The first round warms up the JIT and the file.
      if (r > 0) results.push((cpuUs() - before) / n);
    }
    return { usPerDecision: median(results), rounds: results };
  } finally {
    await service.close();
    removeTempDir(dataDir);
  }
}
