import { Prng } from "../lib/prng.ts";

/**
 * Synthetic facts: tenants, and users holding 1–3 tenant roles each. Deterministic for a given seed,
 * so every system under test gets the same data.
 */

export interface Assignment {
  role: string;
  tenant: string;
}

export interface SyntheticUser {
  key: string;
  assignments: Assignment[];
}

export interface Dataset {
  tenants: string[];
  users: SyntheticUser[];
  assignmentCount: number;
}

export const DEFAULT_SEED = 20_240_601;

/** Roughly how an organisation hands out roles: mostly viewers, some editors, few admins. */
function pickRole(rng: Prng): string {
  const r = rng.next();
  return r < 0.5 ? "viewer" : r < 0.8 ? "editor" : "admin";
}

export function tenantKey(i: number): string {
  return `tenant-${String(i).padStart(4, "0")}`;
}

export function userKey(i: number): string {
  return `user-${String(i).padStart(6, "0")}`;
}

export function buildDataset(options: { users: number; tenants: number; seed?: number }): Dataset {
  const rng = new Prng(options.seed ?? DEFAULT_SEED);
  const tenants = Array.from({ length: options.tenants }, (_, i) => tenantKey(i));
  const users: SyntheticUser[] = [];
  let assignmentCount = 0;
  for (let i = 0; i < options.users; i++) {
    const count = 1 + rng.int(3);
    const assignments: Assignment[] = [];
    const used = new Set<string>();
    while (assignments.length < count) {
      const tenant = rng.pick(tenants);
      if (used.has(tenant)) continue;
      used.add(tenant);
      assignments.push({ role: pickRole(rng), tenant });
    }
    assignmentCount += assignments.length;
    users.push({ key: userKey(i), assignments });
  }
  return { tenants, users, assignmentCount };
}
