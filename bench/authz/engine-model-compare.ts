/**
 * ReBAC, ABAC and RBAC checks on the fine-grained model (100,000 instances, ~1,000,000 tuples):
 * the engine as first merged with the model versus now, in one process and interleaved, so a busy
 * machine slows both alike. The earlier engine is read from git (commit 1fc3cf5) into a temporary
 * directory; the bench is skipped where git cannot do that. Decisions must match exactly.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { type CheckInput, loadPolicyDocument, type PolicyDocument, PolicyEngine } from "@tollgate/policy";
import { median, round } from "../lib/stats.ts";
import { printTable, type Row } from "../lib/table.ts";
import { abacSamples, buildModelDataset, rbacSamples, rebacSamples } from "./model-dataset.ts";
import type { BenchOptions } from "./options.ts";

const BEFORE = "1fc3cf5";

interface Checker {
  check(i: CheckInput): { allow: boolean };
}

let sink = 0;
function time(engine: Checker, inputs: readonly CheckInput[], count: number): number {
  const mask = inputs.length - 1;
  let allowed = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) if (engine.check(inputs[i & mask]!).allow) allowed++;
  sink += allowed;
  return Number(process.hrtime.bigint() - start) / count;
}

export async function benchEngineModelCompare(
  options: BenchOptions,
): Promise<Record<string, unknown> | { skipped: string }> {
  const dir = mkdtempSync(join(tmpdir(), "tollgate-engine-model-before-"));
  try {
    try {
      execFileSync("sh", ["-c", `git archive ${BEFORE} packages/policy/src | tar -x -C "${dir}"`], {
        stdio: "ignore",
      });
    } catch {
      return { skipped: `cannot read the engine at ${BEFORE} from git` };
    }
    const old = (await import(join(dir, "packages/policy/src/index.ts"))) as {
      PolicyEngine: new () => Checker;
      loadPolicyDocument: (engine: Checker, doc: PolicyDocument) => void;
    };
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
      time(before, inputs, count);
      time(now, inputs, count);
      const a: number[] = [];
      const b: number[] = [];
      for (let r = 0; r < runs; r++) {
        a.push(time(before, inputs, count));
        b.push(time(now, inputs, count));
      }
      const row = {
        nsBeforeMedian: round(median(a), 1),
        nsNowMedian: round(median(b), 1),
        nowOverBefore: round(median(b) / median(a), 3),
        decisionMismatches: mismatches,
        loadAverage1m: round(loadavg()[0]!, 1),
      };
      results[name] = row;
      rows.push({ check: name, ...row });
    }
    printTable(`Fine-grained model: engine at ${BEFORE} vs now (interleaved, same data)`, rows);
    if (sink < 0) console.log(sink);
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
