/**
 * What the "engine then versus now" benches share: the policy engine's source at an earlier commit,
 * read from git into a temporary directory, and interleaved timing of the two engines on the same
 * inputs (so a busy machine slows both alike).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CheckInput } from "@tollgate/policy";
import { median, round } from "../lib/stats.ts";

export interface Checker {
  check(i: CheckInput): { allow: boolean };
}

/**
 * Runs `measure` with the `@tollgate/policy` module as it was at `commit`; skipped where git cannot
 * produce it (no history, no git). The temporary copy is removed afterwards.
 */
export async function withEngineAt<M, T>(
  commit: string,
  measure: (old: M) => Promise<T> | T,
): Promise<T | { skipped: string }> {
  const dir = mkdtempSync(join(tmpdir(), `tollgate-engine-${commit}-`));
  try {
    try {
      execFileSync("sh", ["-c", `git archive ${commit} packages/policy/src | tar -x -C "${dir}"`], {
        stdio: "ignore",
      });
    } catch {
      return { skipped: `cannot read the engine at ${commit} from git` };
    }
    return await measure((await import(join(dir, "packages/policy/src/index.ts"))) as M);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let sink = 0;
/** Mean ns per check over `count` checks cycling through `inputs` (a power-of-two length). */
function time(engine: Checker, inputs: readonly CheckInput[], count: number): number {
  const mask = inputs.length - 1;
  let allowed = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) if (engine.check(inputs[i & mask]!).allow) allowed++;
  sink += allowed;
  return Number(process.hrtime.bigint() - start) / count;
}

/** One warm-up each, then `runs` interleaved timings; medians in ns per check and their ratio. */
export function compareEngines(
  before: Checker,
  now: Checker,
  inputs: readonly CheckInput[],
  options: { count: number; runs: number },
) {
  time(before, inputs, options.count);
  time(now, inputs, options.count);
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < options.runs; r++) {
    a.push(time(before, inputs, options.count));
    b.push(time(now, inputs, options.count));
  }
  if (sink < 0) console.log(sink);
  return {
    nsBeforeMedian: round(median(a), 1),
    nsNowMedian: round(median(b), 1),
    nowOverBefore: round(median(b) / median(a), 3),
  };
}
