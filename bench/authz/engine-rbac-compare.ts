/**
 * RBAC checks, the engine before the fine-grained model versus now, in one process and interleaved
 * (so a busy machine slows both alike). The old engine is read from git (commit e4600d1, the last
 * one before the model) into a temporary directory; the bench is skipped where git cannot do that.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CheckInput, PolicyEngine } from "@tollgate/policy";
import { median, round } from "../lib/stats.ts";
import { printTable } from "../lib/table.ts";
import { buildDataset } from "./dataset.ts";
import { type BenchOptions, TENANTS, USERS } from "./options.ts";
import { checkSamples } from "./samples.ts";
import { RESOURCES, ROLES } from "./tutorial-policy.ts";

const BEFORE = "e4600d1";

interface Checker {
  upsertResource(d: unknown): void;
  upsertRoles(d: unknown[]): void;
  upsertTenant(d: unknown): void;
  upsertUser(d: unknown): void;
  assign(a: unknown): unknown;
  check(i: CheckInput): { allow: boolean };
}

function load(engine: Checker, dataset: ReturnType<typeof buildDataset>): void {
  for (const r of RESOURCES)
    engine.upsertResource({
      key: r.key,
      name: r.name,
      actions: Object.fromEntries(r.actions.map((a) => [a, {}])),
    });
  engine.upsertRoles(
    ROLES.map((r) => ({ key: r.key, name: r.name, permissions: [...r.permissions], extends: [] })),
  );
  for (const key of dataset.tenants) engine.upsertTenant({ key, name: key });
  for (const user of dataset.users) {
    engine.upsertUser({ key: user.key });
    for (const a of user.assignments) engine.assign({ user: user.key, role: a.role, tenant: a.tenant });
  }
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

export async function benchEngineRbacCompare(
  options: BenchOptions,
): Promise<Record<string, unknown> | { skipped: string }> {
  const dir = mkdtempSync(join(tmpdir(), "tollgate-engine-before-"));
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
    };
    const dataset = buildDataset({ users: USERS, tenants: TENANTS });
    const before = new old.PolicyEngine();
    const now = new PolicyEngine() as unknown as Checker;
    load(before, dataset);
    load(now, dataset);
    const inputs = checkSamples(dataset, 1 << 16, { seed: 7 }).map((s) => ({
      user: s.user,
      action: s.action,
      resource: { type: s.type, tenant: s.tenant },
    }));
    const mismatches = inputs.filter((i) => before.check(i).allow !== now.check(i).allow).length;
    const count = options.quick ? 500_000 : 3_000_000;
    const runs = options.quick ? 5 : 9;
    time(before, inputs, count);
    time(now, inputs, count);
    const a: number[] = [];
    const b: number[] = [];
    for (let r = 0; r < runs; r++) {
      a.push(time(before, inputs, count));
      b.push(time(now, inputs, count));
    }
    const result = {
      beforeCommit: BEFORE,
      nsBeforeMedian: round(median(a), 1),
      nsNowMedian: round(median(b), 1),
      nowOverBefore: round(median(b) / median(a), 3),
      decisionMismatches: mismatches,
      runs,
      checksPerRun: count,
    };
    printTable("RBAC check: engine before the model vs now (interleaved, same data)", [
      { engine: `before (${BEFORE})`, "ns/check median": result.nsBeforeMedian },
      { engine: "now", "ns/check median": result.nsNowMedian },
      { engine: "now / before", "ns/check median": result.nowOverBefore },
      { engine: "decisions that differ", "ns/check median": mismatches },
    ]);
    if (sink < 0) console.log(sink);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
