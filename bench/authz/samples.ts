import { Prng } from "../lib/prng.ts";
import type { Assignment, Dataset } from "./dataset.ts";
import { PERMISSIONS, rolesAllow } from "./tutorial-policy.ts";

/**
 * The checks the benches ask, with the answer the tutorial policy gives. The mix is what a PDP in
 * front of an app sees: mostly members acting in their own tenants (allowed or not, depending on
 * role and action), some users probing tenants they are not in, and a few unknown users.
 */

export type SampleKind = "member" | "outsider" | "unknown_user";

export interface CheckSample {
  kind: SampleKind;
  user: string;
  type: string;
  action: string;
  tenant: string;
  /** The roles the user holds in `tenant` (what a caller of Cerbos would have to send). */
  rolesInTenant: string[];
  /** All of the user's assignments (for the Cerbos variant that resolves the tenant itself). */
  assignments: readonly Assignment[];
  expected: boolean;
}

const MIX: readonly [SampleKind, number][] = [
  ["member", 0.7],
  ["outsider", 0.25],
  ["unknown_user", 0.05],
];

function pickKind(rng: Prng): SampleKind {
  let r = rng.next();
  for (const [kind, share] of MIX) {
    if (r < share) return kind;
    r -= share;
  }
  return "member";
}

/** `users` limits sampling to the first N users of the dataset (those actually loaded). */
export function checkSamples(
  dataset: Dataset,
  count: number,
  options: { seed: number; users?: number },
): CheckSample[] {
  const rng = new Prng(options.seed);
  const userCount = Math.min(options.users ?? dataset.users.length, dataset.users.length);
  const out: CheckSample[] = [];
  for (let i = 0; i < count; i++) {
    const kind = pickKind(rng);
    const { type, action } = rng.pick(PERMISSIONS);
    if (kind === "unknown_user") {
      const tenant = rng.pick(dataset.tenants);
      out.push({
        kind,
        user: `ghost-${i}`,
        type,
        action,
        tenant,
        rolesInTenant: [],
        assignments: [],
        expected: false,
      });
      continue;
    }
    const user = dataset.users[rng.int(userCount)]!;
    const tenant = kind === "member" ? rng.pick(user.assignments).tenant : rng.pick(dataset.tenants);
    const rolesInTenant = user.assignments.filter((a) => a.tenant === tenant).map((a) => a.role);
    out.push({
      // A random tenant can, rarely, be one the user belongs to; label it by what it is.
      kind: rolesInTenant.length > 0 ? "member" : "outsider",
      user: user.key,
      type,
      action,
      tenant,
      rolesInTenant,
      assignments: user.assignments,
      expected: rolesAllow(rolesInTenant, type, action),
    });
  }
  return out;
}

export function allowShare(samples: readonly CheckSample[]): number {
  return samples.filter((s) => s.expected).length / Math.max(1, samples.length);
}
