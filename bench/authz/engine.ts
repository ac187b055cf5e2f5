import { type CheckInput, PolicyEngine } from "@tollgate/policy";
import { hugePagesMiB, mib, settledMemoryUsed } from "../lib/heap.ts";
import { median, round } from "../lib/stats.ts";
import { printTable } from "../lib/table.ts";
import { buildDataset, type Dataset } from "./dataset.ts";
import { type BenchOptions, TENANTS, USERS } from "./options.ts";
import { allowShare, checkSamples } from "./samples.ts";
import { RESOURCES, ROLES } from "./tutorial-policy.ts";

/** Target from the first issue: one decision in at most a microsecond at 100,000 users. */
const TARGET_NS = 1000;
/** Issue 14: at a million users, at most 0.35 µs, with no more memory per user than before. */
const MILLION = 1_000_000;
const MILLION_TARGET_NS = 350;
/** A power of two, so the hot loop picks inputs with a mask rather than a modulo. */
const INPUTS = 1 << 16;

function loadEngine(dataset: Dataset): PolicyEngine {
  const engine = new PolicyEngine();
  for (const r of RESOURCES) {
    engine.upsertResource({
      key: r.key,
      name: r.name,
      actions: Object.fromEntries(r.actions.map((a) => [a, {}])),
    });
  }
  engine.upsertRoles(
    ROLES.map((r) => ({ key: r.key, name: r.name, permissions: [...r.permissions], extends: [] })),
  );
  for (const key of dataset.tenants) engine.upsertTenant({ key, name: key });
  for (const user of dataset.users) {
    engine.upsertUser({ key: user.key });
    for (const a of user.assignments) engine.assign({ user: user.key, role: a.role, tenant: a.tenant });
  }
  return engine;
}

/** Kept in a module variable so the optimiser cannot treat the loop's result as dead. */
let sink = 0;

function timeChecks(engine: PolicyEngine, inputs: readonly CheckInput[], count: number): number {
  const mask = inputs.length - 1;
  let allowed = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) if (engine.check(inputs[i & mask]!).allow) allowed++;
  const elapsed = Number(process.hrtime.bigint() - start);
  sink += allowed;
  return elapsed / count;
}

/**
 * The check inputs as the PDP sees them: parsed from JSON, so every string is a fresh copy and a
 * lookup hashes and compares it rather than finding the engine's own key by identity.
 */
function parsedInputs(samples: ReturnType<typeof checkSamples>): CheckInput[] {
  return samples.map(
    (s) =>
      JSON.parse(
        JSON.stringify({ user: s.user, action: s.action, resource: { type: s.type, tenant: s.tenant } }),
      ) as CheckInput,
  );
}

async function benchAt(users: number, targetNs: number, options: BenchOptions) {
  const checksPerRun = options.quick ? 1_000_000 : 5_000_000;
  const runs = options.quick ? 5 : 9;
  const dataset = buildDataset({ users, tenants: TENANTS });

  const memoryBefore = settledMemoryUsed();
  const loadStart = performance.now();
  const engine = loadEngine(dataset);
  const loadMs = performance.now() - loadStart;
  const memoryEngine = settledMemoryUsed() - memoryBefore;

  const samples = checkSamples(dataset, INPUTS, { seed: 7 });
  const inputs = parsedInputs(samples);
  const mismatches = samples.filter((s, i) => engine.check(inputs[i]!).allow !== s.expected).length;

  timeChecks(engine, inputs, checksPerRun); // warm-up: let the JIT settle before timing
  const nsPerRun: number[] = [];
  for (let r = 0; r < runs; r++) nsPerRun.push(timeChecks(engine, inputs, checksPerRun));
  const ns = median(nsPerRun);

  const result = {
    users: dataset.users.length,
    tenants: dataset.tenants.length,
    roleAssignments: dataset.assignmentCount,
    loadMs: round(loadMs, 0),
    memoryMiB: mib(memoryEngine),
    memoryBytesPerUser: Math.round(memoryEngine / dataset.users.length),
    distinctInputs: inputs.length,
    allowShare: round(allowShare(samples), 3),
    decisionMismatches: mismatches,
    checksPerRun,
    runs,
    nsPerCheckMedian: round(ns, 1),
    nsPerCheckMin: round(Math.min(...nsPerRun), 1),
    nsPerCheckMax: round(Math.max(...nsPerRun), 1),
    checksPerSec: Math.round(1e9 / ns),
    hugePagesMiB: hugePagesMiB(),
    glibcTunables: process.env.GLIBC_TUNABLES ?? "",
    targetNsPerCheck: targetNs,
    targetMet: ns <= targetNs && mismatches === 0,
  };
  printTable(`Policy engine (in process, PolicyEngine.check), ${users.toLocaleString("en-US")} users`, [
    {
      measure: "data",
      value: `${result.users} users, ${result.tenants} tenants, ${result.roleAssignments} role assignments`,
    },
    { measure: "load time", value: `${result.loadMs} ms` },
    {
      measure: "memory held by the engine (JS heap + typed arrays)",
      value: `${result.memoryMiB} MiB (${result.memoryBytesPerUser} bytes per user)`,
    },
    {
      measure: "inputs",
      value: `${result.distinctInputs} distinct (parsed from JSON), ${Math.round(result.allowShare * 100)}% allowed`,
    },
    { measure: "decisions vs. expected", value: mismatches === 0 ? "all match" : `${mismatches} MISMATCHES` },
    {
      measure: "ns per check (median)",
      value: `${result.nsPerCheckMedian} (min ${result.nsPerCheckMin}, max ${result.nsPerCheckMax}; ${runs} runs × ${checksPerRun.toLocaleString("en-US")})`,
    },
    { measure: "checks per second", value: result.checksPerSec.toLocaleString("en-US") },
    {
      measure: "huge pages in the process",
      value: `${result.hugePagesMiB ?? "?"} MiB (GLIBC_TUNABLES=${result.glibcTunables || "unset"})`,
    },
    { measure: `target ≤ ${targetNs} ns`, value: result.targetMet ? "met" : "NOT MET" },
  ]);
  return result;
}

/** At the first issue's 100,000 users (the top-level fields, as before), then at issue 14's million. */
export async function benchEngine(options: BenchOptions): Promise<Record<string, unknown>> {
  const result = await benchAt(USERS, TARGET_NS, options);
  const million = await benchAt(MILLION, MILLION_TARGET_NS, options);
  if (sink < 0) console.log(sink);
  return { ...result, million };
}
