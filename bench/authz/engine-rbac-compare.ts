/**
 * RBAC checks, the engine before the fine-grained model versus now, in one process and interleaved
 * (so a busy machine slows both alike). The old engine is read from git (commit e4600d1, the last
 * one before the model) into a temporary directory; the bench is skipped where git cannot do that.
 */
import { PolicyEngine } from "@tollgate/policy";
import { printTable } from "../lib/table.ts";
import { buildDataset } from "./dataset.ts";
import { type Checker, compareEngines, withEngineAt } from "./engine-before.ts";
import { type BenchOptions, TENANTS, USERS } from "./options.ts";
import { checkSamples } from "./samples.ts";
import { RESOURCES, ROLES } from "./tutorial-policy.ts";

const BEFORE = "e4600d1";

interface RbacChecker extends Checker {
  upsertResource(d: unknown): void;
  upsertRoles(d: unknown[]): void;
  upsertTenant(d: unknown): void;
  upsertUser(d: unknown): void;
  assign(a: unknown): unknown;
}

function load(engine: RbacChecker, dataset: ReturnType<typeof buildDataset>): void {
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

export async function benchEngineRbacCompare(
  options: BenchOptions,
): Promise<Record<string, unknown> | { skipped: string }> {
  return withEngineAt<{ PolicyEngine: new () => RbacChecker }, Record<string, unknown>>(BEFORE, (old) => {
    const dataset = buildDataset({ users: USERS, tenants: TENANTS });
    const before = new old.PolicyEngine();
    const now = new PolicyEngine() as unknown as RbacChecker;
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
    const result = {
      beforeCommit: BEFORE,
      ...compareEngines(before, now, inputs, { count, runs }),
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
    return result;
  });
}
