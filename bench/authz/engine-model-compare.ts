/**
 * ReBAC, ABAC and RBAC checks on the fine-grained model (100,000 instances, ~1,000,000 tuples):
 * the engine as first merged with the model (1fc3cf5) and the one before the compact integer layout
 * (4552155) versus now, in one process and interleaved, so a busy machine slows all alike. The
 * earlier engines are read from git into temporary directories; the bench is skipped where git
 * cannot do that. Inputs are parsed from JSON, as the PDP's are. Decisions must match exactly.
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

const EARLIER = ["1fc3cf5", "4552155"] as const;

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
    type Module = {
      PolicyEngine: new () => Checker;
      loadPolicyDocument: (engine: Checker, doc: PolicyDocument) => void;
    };
    const data = buildModelDataset(options.quick ? 20_000 : 100_000);
    const engines: { label: string; engine: Checker }[] = [];
    for (const commit of EARLIER) {
      const into = join(dir, commit);
      try {
        execFileSync(
          "sh",
          ["-c", `mkdir -p "${into}" && git archive ${commit} packages/policy/src | tar -x -C "${into}"`],
          { stdio: "ignore" },
        );
      } catch {
        return { skipped: `cannot read the engine at ${commit} from git` };
      }
      const old = (await import(join(into, "packages/policy/src/index.ts"))) as Module;
      const engine = new old.PolicyEngine();
      old.loadPolicyDocument(engine, data.policy);
      engines.push({ label: commit, engine });
    }
    const now = new PolicyEngine();
    loadPolicyDocument(now, data.policy);
    engines.push({ label: "now", engine: now });
    const count = options.quick ? 200_000 : 1_000_000;
    const runs = options.quick ? 3 : 7;
    const results: Record<string, unknown> = { earlierCommits: EARLIER, runs, checksPerRun: count };
    const rows: Row[] = [];
    for (const [name, raw] of [
      ["rebacTwoHop", rebacSamples(data, 1 << 16)],
      ["abacThreeConditions", abacSamples(data, 1 << 16)],
      ["rbac", rbacSamples(data, 1 << 16)],
    ] as const) {
      const inputs = raw.map((i) => JSON.parse(JSON.stringify(i)) as CheckInput);
      for (const e of engines) time(e.engine, inputs, count);
      const ns = engines.map(() => [] as number[]);
      for (let r = 0; r < runs; r++)
        for (const [i, e] of engines.entries()) ns[i]!.push(time(e.engine, inputs, count));
      const nowNs = median(ns[ns.length - 1]!);
      const perEngine: Record<string, unknown> = {};
      for (const [i, e] of engines.entries()) {
        // The whole decision (reason, path, grantedBy), not only allow, must be the same.
        const mismatches = inputs.filter(
          (x) => JSON.stringify(e.engine.check(x)) !== JSON.stringify(now.check(x)),
        ).length;
        const row = {
          nsMedian: round(median(ns[i]!), 1),
          nowOverThis: round(nowNs / median(ns[i]!), 3),
          decisionMismatches: mismatches,
        };
        perEngine[e.label] = row;
        rows.push({ check: name, engine: e.label, ...row, loadAverage1m: round(loadavg()[0]!, 1) });
      }
      results[name] = perEngine;
    }
    printTable(`Fine-grained model: engines at ${EARLIER.join(", ")} vs now (interleaved, same data)`, rows);
    if (sink < 0) console.log(sink);
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
