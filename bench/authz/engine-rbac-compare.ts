/**
 * RBAC checks, earlier engines versus now, in one process and interleaved (so a busy machine slows
 * all alike): the engine before the fine-grained model (e4600d1) and the one before the compact
 * integer layout (4552155) and the one before users' keys and first roles moved into one key-index
 * slot (7c0b514), at 100,000 and at 1,000,000 users. The old engines are read from git
 * into temporary directories; the bench is skipped where git cannot do that. Inputs are parsed from
 * JSON, as the PDP's are, so user keys are fresh strings.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CheckInput, PolicyEngine } from "@tollgate/policy";
import { settledMemoryUsed } from "../lib/heap.ts";
import { median, round } from "../lib/stats.ts";
import { printTable } from "../lib/table.ts";
import { buildDataset } from "./dataset.ts";
import { type BenchOptions, TENANTS, USERS } from "./options.ts";
import { checkSamples } from "./samples.ts";
import { RESOURCES, ROLES } from "./tutorial-policy.ts";

const EARLIER = [
  { commit: "e4600d1", label: "before the model" },
  { commit: "4552155", label: "before the integer layout" },
  { commit: "7c0b514", label: "before the inline key slot" },
] as const;

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

async function loadEarlier(commit: string, dir: string): Promise<new () => Checker> {
  const into = join(dir, commit);
  execFileSync(
    "sh",
    ["-c", `mkdir -p "${into}" && git archive ${commit} packages/policy/src | tar -x -C "${into}"`],
    {
      stdio: "ignore",
    },
  );
  const mod = (await import(join(into, "packages/policy/src/index.ts"))) as {
    PolicyEngine: new () => Checker;
  };
  return mod.PolicyEngine;
}

async function compareAt(
  users: number,
  engines: { label: string; make: () => Checker }[],
  options: BenchOptions,
): Promise<Record<string, unknown>> {
  const dataset = buildDataset({ users, tenants: TENANTS });
  const loaded: { label: string; engine: Checker; memoryBytesPerUser: number }[] = [];
  for (const e of engines) {
    const before = settledMemoryUsed();
    const engine = e.make();
    load(engine, dataset);
    loaded.push({
      label: e.label,
      engine,
      memoryBytesPerUser: Math.round((settledMemoryUsed() - before) / users),
    });
  }
  const inputs = checkSamples(dataset, 1 << 16, { seed: 7 }).map(
    (s) =>
      JSON.parse(
        JSON.stringify({ user: s.user, action: s.action, resource: { type: s.type, tenant: s.tenant } }),
      ) as CheckInput,
  );
  const now = loaded[loaded.length - 1]!.engine;
  const count = options.quick ? 500_000 : 3_000_000;
  const runs = options.quick ? 5 : 9;
  const ns = loaded.map(() => [] as number[]);
  for (const e of loaded) time(e.engine, inputs, count);
  for (let r = 0; r < runs; r++)
    for (const [i, e] of loaded.entries()) ns[i]!.push(time(e.engine, inputs, count));
  const rows = loaded.map((e, i) => ({
    engine: e.label,
    nsMedian: round(median(ns[i]!), 1),
    nowOverThis: round(median(ns[ns.length - 1]!) / median(ns[i]!), 3),
    memoryBytesPerUser: e.memoryBytesPerUser,
    // The whole decision (reason, grantedBy), not only allow, must be the same.
    decisionMismatches: inputs.filter(
      (i) => JSON.stringify(e.engine.check(i)) !== JSON.stringify(now.check(i)),
    ).length,
  }));
  printTable(
    `RBAC check at ${users.toLocaleString("en-US")} users: earlier engines vs now (interleaved)`,
    rows,
  );
  return { users, runs, checksPerRun: count, engines: rows };
}

export async function benchEngineRbacCompare(
  options: BenchOptions,
): Promise<Record<string, unknown> | { skipped: string }> {
  const dir = mkdtempSync(join(tmpdir(), "tollgate-engine-before-"));
  try {
    const engines: { label: string; make: () => Checker }[] = [];
    for (const e of EARLIER) {
      try {
        const Engine = await loadEarlier(e.commit, dir);
        engines.push({ label: `${e.label} (${e.commit})`, make: () => new Engine() });
      } catch {
        return { skipped: `cannot read the engine at ${e.commit} from git` };
      }
    }
    engines.push({ label: "now", make: () => new PolicyEngine() as unknown as Checker });
    const result = {
      users100k: await compareAt(USERS, engines, options),
      // The million only against the engine just before the integer layout: three engines of a
      // million users each would measure the machine's memory more than the engines.
      users1M: await compareAt(1_000_000, engines.slice(1), options),
    };
    if (sink < 0) console.log(sink);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
