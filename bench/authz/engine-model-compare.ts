/**
 * ReBAC, ABAC and RBAC checks on the fine-grained model (100,000 instances, ~1,000,000 tuples):
 * the engine as first merged with the model versus now, in one process and interleaved, so a busy
 * machine slows both alike. The earlier engine is read from git (commit 1fc3cf5) into a temporary
 * directory; the bench is skipped where git cannot do that. Decisions must match exactly.
 */
import { loadavg } from "node:os";
import { loadPolicyDocument, type PolicyDocument, PolicyEngine } from "@tollgate/policy";
import { round } from "../lib/stats.ts";
import { printTable, type Row } from "../lib/table.ts";
import { type Checker, compareEngines, withEngineAt } from "./engine-before.ts";
import { abacSamples, buildModelDataset, rbacSamples, rebacSamples } from "./model-dataset.ts";
import type { BenchOptions } from "./options.ts";

const BEFORE = "1fc3cf5";

interface OldEngine {
  PolicyEngine: new () => Checker;
  loadPolicyDocument: (engine: Checker, doc: PolicyDocument) => void;
}

export async function benchEngineModelCompare(
  options: BenchOptions,
): Promise<Record<string, unknown> | { skipped: string }> {
  return withEngineAt<OldEngine, Record<string, unknown>>(BEFORE, (old) => {
    const data = buildModelDataset(options.quick ? 20_000 : 100_000);
    const before = new old.PolicyEngine();
    old.loadPolicyDocument(before, data.policy);
    const now = new PolicyEngine();
    loadPolicyDocument(now, data.policy);
    const count = options.quick ? 200_000 : 1_000_000;
    const runs = options.quick ? 3 : 7;
    const results: Record<string, unknown> = { beforeCommit: BEFORE, runs, checksPerRun: count };
    const rows: Row[] = [];
    for (const [name, inputs] of [
      ["rebacTwoHop", rebacSamples(data, 1 << 16)],
      ["abacThreeConditions", abacSamples(data, 1 << 16)],
      ["rbac", rbacSamples(data, 1 << 16)],
    ] as const) {
      // The whole decision (reason, path, grantedBy), not only allow, must be the same.
      const mismatches = inputs.filter(
        (i) => JSON.stringify(before.check(i)) !== JSON.stringify(now.check(i)),
      ).length;
      const row = {
        ...compareEngines(before, now, inputs, { count, runs }),
        decisionMismatches: mismatches,
        loadAverage1m: round(loadavg()[0]!, 1),
      };
      results[name] = row;
      rows.push({ check: name, ...row });
    }
    printTable(`Fine-grained model: engine at ${BEFORE} vs now (interleaved, same data)`, rows);
    return results;
  });
}
