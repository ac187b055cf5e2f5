import type { Dataset } from "../dataset.ts";
import { RESOURCES, ROLES } from "../tutorial-policy.ts";
import type { ApiClient } from "./client.ts";

/** The issue allows 100k users over HTTP if that takes under a minute; past that we stop and say so. */
export const USER_LOAD_BUDGET_MS = 60_000;
const BATCH = 1000;
/** Tenants are created one request each; a few in flight hide the round trips (writes still serialise). */
const TENANT_CONCURRENCY = 8;

export interface LoadReport {
  usersWanted: number;
  usersLoaded: number;
  tenants: number;
  roleAssignments: number;
  policyMs: number;
  tenantsMs: number;
  usersMs: number;
  usersPerSec: number;
  stoppedEarly: boolean;
}

/**
 * Loads the tutorial policy and the dataset through the public management API, as a customer would:
 * resources and roles, tenants one by one, users with their roles via the bulk endpoint in batches
 * of 1000.
 */
export async function loadThroughApi(api: ApiClient, dataset: Dataset): Promise<LoadReport> {
  const scope = await api.call<{ project_id: string; environment_id: string }>("GET", "/v2/api-key/scope");
  const schema = `/v2/schema/${scope.project_id}/${scope.environment_id}`;
  const facts = `/v2/facts/${scope.project_id}/${scope.environment_id}`;

  let t = performance.now();
  for (const r of RESOURCES) {
    const actions = Object.fromEntries(r.actions.map((a) => [a, {}]));
    await api.call("POST", `${schema}/resources`, { key: r.key, name: r.name, actions });
  }
  for (const r of ROLES) {
    await api.call("POST", `${schema}/roles`, { key: r.key, name: r.name, permissions: r.permissions });
  }
  const policyMs = performance.now() - t;

  t = performance.now();
  let next = 0;
  const createTenants = async () => {
    while (next < dataset.tenants.length) {
      const key = dataset.tenants[next++]!;
      await api.call("POST", `${facts}/tenants`, { key, name: key });
    }
  };
  await Promise.all(Array.from({ length: TENANT_CONCURRENCY }, createTenants));
  const tenantsMs = performance.now() - t;

  t = performance.now();
  let usersLoaded = 0;
  let roleAssignments = 0;
  let stoppedEarly = false;
  for (let i = 0; i < dataset.users.length; i += BATCH) {
    if (performance.now() - t > USER_LOAD_BUDGET_MS) {
      stoppedEarly = true;
      break;
    }
    const batch = dataset.users.slice(i, i + BATCH);
    const operations = batch.map((u) => ({ key: u.key, role_assignments: u.assignments }));
    await api.call("POST", `${facts}/bulk/users`, { operations });
    usersLoaded += batch.length;
    for (const u of batch) roleAssignments += u.assignments.length;
  }
  const usersMs = performance.now() - t;

  return {
    usersWanted: dataset.users.length,
    usersLoaded,
    tenants: dataset.tenants.length,
    roleAssignments,
    policyMs: Math.round(policyMs),
    tenantsMs: Math.round(tenantsMs),
    usersMs: Math.round(usersMs),
    usersPerSec: Math.round(usersLoaded / (usersMs / 1000)),
    stoppedEarly,
  };
}
