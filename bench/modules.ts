import { benchEngine } from "./authz/engine.ts";
import type { BenchOptions } from "./authz/options.ts";
import { benchPdp } from "./authz/pdp.ts";
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
  { name: "pdp", title: "PDP over HTTP, Tollgate vs. Cerbos", run: benchPdp },
  { name: "user-pool", title: "User pool (bench/user-pool.ts, if present)", run: () => runUserPool() },
];
