import { benchApp } from "./app/app.ts";
import { benchAppFineGrained } from "./app/fine-grained.ts";
import { benchCores } from "./authz/cores.ts";
import { benchEngine } from "./authz/engine.ts";
import { benchEngineModel } from "./authz/engine-model.ts";
import { benchEngineModelCompare } from "./authz/engine-model-compare.ts";
import { benchEngineRbacCompare } from "./authz/engine-rbac-compare.ts";
import type { BenchOptions } from "./authz/options.ts";
import { benchPdp } from "./authz/pdp.ts";
import { benchPdpAudit } from "./authz/pdp-audit.ts";
import { benchPdpModel } from "./authz/pdp-model.ts";
import { benchPeer } from "./authz/peer-compare.ts";
import { benchConsoleUsers } from "./console-users.ts";
import { benchMillion } from "./scale/million.ts";
import { benchPropagation } from "./scale/propagation.ts";
import { benchRoundRobin } from "./scale/round-robin.ts";
import { runUserPool } from "./user-pool-runner.ts";

export interface BenchModule {
  name: string;
  title: string;
  /** Resolves to the module's results, or to a reason it was skipped. */
  run(options: BenchOptions): Promise<Record<string, unknown> | { skipped: string }>;
}

/** Run in this order; `--only <name>` selects. */
export const MODULES: readonly BenchModule[] = [
  { name: "engine", title: "Policy engine, in process", run: benchEngine },
  {
    name: "engine-model",
    title: "Policy engine: ReBAC two-hop at 100k instances / 1M tuples, ABAC, RBAC side by side",
    run: benchEngineModel,
  },
  {
    name: "engine-rbac",
    title: "Policy engine: RBAC checks, earlier engines vs now (100k and 1M users)",
    run: benchEngineRbacCompare,
  },
  {
    name: "engine-model-compare",
    title: "Policy engine: ReBAC, ABAC and RBAC on the model, earlier engines vs now",
    run: benchEngineModelCompare,
  },
  { name: "pdp", title: "PDP over HTTP, Tollgate vs. Cerbos", run: benchPdp },
  {
    name: "pdp-audit",
    title: "PDP with the audit log on vs off, alternated runs, median ratio",
    run: benchPdpAudit,
  },
  {
    name: "pdp-cores",
    title: "PDP on every core: 1, 2 and N workers vs. Cerbos, nothing pinned; AuthZEN batch",
    run: benchCores,
  },
  {
    name: "pdp-model",
    title: "PDP with 100k instances / 1M tuples: start-up, RSS, ReBAC vs RBAC over HTTP",
    run: benchPdpModel,
  },
  {
    name: "peer",
    title: "Tollgate vs Cerbos over HTTP on the same ABAC and ReBAC questions, decisions verified",
    run: benchPeer,
  },
  { name: "user-pool", title: "User pool (bench/user-pool.ts, if present)", run: () => runUserPool() },
  {
    name: "console-users",
    title: "Policy console: users directory at 100,000 users",
    run: benchConsoleUsers,
  },
  { name: "app", title: "Tasks app: live permission updates and protected requests", run: benchApp },
  {
    name: "app-finegrain",
    title: "Tasks app per-task permissions: 10,000 tasks filtered for a 1% user; share → other user's page",
    run: benchAppFineGrained,
  },
  { name: "propagation", title: "Replicas on PostgreSQL: propagation A → B", run: benchPropagation },
  {
    name: "replicas",
    title: "Replicas on PostgreSQL: decisions per second, round-robin",
    run: benchRoundRobin,
  },
  { name: "million", title: "Replica start-up with a million users (quick: 100,000)", run: benchMillion },
];
