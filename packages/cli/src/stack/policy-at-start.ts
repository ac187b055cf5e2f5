import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writePrivateFile } from "@tollgate/runtime";
import type { Permit } from "permitio";
import { describeStep, planPolicy } from "../policy/plan.ts";
import { readPolicyFile } from "../policy/policy-file.ts";
import { applyStep, readPolicy } from "../policy/remote.ts";

/** Where the data dir remembers which policy file content was last applied at start. */
export const POLICY_STATE_FILE = "policy-applied.json";

interface PolicyState {
  file: string;
  sha256: string;
  appliedAt: string;
}

/**
 * Applies the policy file at start only when that cannot undo the operator's work: on a fresh data
 * directory, or when the file itself changed since it was last applied (its digest is kept in the
 * data dir). Otherwise the live policy, with every change made in the console or with `policy
 * apply`, stays as it is. Says what it did either way.
 */
export async function applyPolicyAtStart(options: {
  permit: Permit;
  policyFile: string;
  dataDir: string;
  log: (line: string) => void;
}): Promise<"applied" | "unchanged" | "adopted"> {
  const { permit, policyFile, log } = options;
  const stateFile = join(options.dataDir, POLICY_STATE_FILE);
  const sha256 = createHash("sha256").update(readFileSync(policyFile)).digest("hex");
  const state = readState(stateFile);
  const record = () =>
    writePrivateFile(
      stateFile,
      `${JSON.stringify({ file: policyFile, sha256, appliedAt: new Date().toISOString() } satisfies PolicyState, null, 2)}\n`,
    );

  if (state?.sha256 === sha256) {
    log(
      `policy: ${policyFile} unchanged since it was applied (${state.appliedAt}); keeping the live policy. ` +
        "Change the file, or run `tollgate policy apply`, to apply it again.",
    );
    return "unchanged";
  }
  const current = await readPolicy(permit);
  if (state === undefined && (current.resources.length > 0 || current.roles.length > 0)) {
    // Data from a version that applied the file on every start: the live policy already holds the
    // file and, on top of it, the operator's changes. Adopt it as is rather than undo those.
    record();
    log(`policy: keeping the existing live policy; ${policyFile} is applied again only when it changes`);
    return "adopted";
  }
  const steps = planPolicy(current, readPolicyFile(policyFile));
  for (const step of steps) await applyStep(permit, step);
  record();
  const why = state === undefined ? "a fresh data directory" : "the file changed since it was last applied";
  log(`policy: applied ${steps.length} change(s) from ${policyFile} (${why})`);
  for (const step of steps) log(`  ${describeStep(step)}`);
  return "applied";
}

function readState(file: string): PolicyState | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const state = JSON.parse(readFileSync(file, "utf8")) as Partial<PolicyState>;
    return typeof state.sha256 === "string" ? (state as PolicyState) : undefined;
  } catch {
    return undefined; // unreadable: treat as never applied (the live policy is then adopted or seeded)
  }
}
