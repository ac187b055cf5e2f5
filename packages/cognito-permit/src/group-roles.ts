/**
 * Cognito groups → Permit roles. Pure: given a user's groups, which (role, tenant) pairs should they
 * hold, and which roles does the mapping manage at all (only those are ever removed by a sync, so
 * roles granted by hand in Permit survive logins).
 */

export interface RoleGrant {
  role: string;
  tenant: string;
}

export interface GroupRoleMapping {
  /** group name → role key, or role grants (for tenants other than the default one). */
  groups: Record<string, string | readonly (string | { role: string; tenant?: string })[]>;
  /** Granted when the user is in no mapped group. Omit to grant nothing. */
  defaultRole?: string | { role: string; tenant?: string } | undefined;
  /** The tenant for grants that name none. Default `"default"`. */
  tenant?: string | undefined;
}

function toGrant(g: string | { role: string; tenant?: string | undefined }, tenant: string): RoleGrant {
  return typeof g === "string" ? { role: g, tenant } : { role: g.role, tenant: g.tenant ?? tenant };
}

export const grantKey = (g: RoleGrant): string => `${g.tenant}\u0000${g.role}`;

/** The role grants a user in `groups` should hold, without duplicates. */
export function grantsForGroups(mapping: GroupRoleMapping, groups: readonly string[]): RoleGrant[] {
  const tenant = mapping.tenant ?? "default";
  const out = new Map<string, RoleGrant>();
  for (const group of groups) {
    const mapped = mapping.groups[group];
    if (mapped === undefined) continue;
    for (const g of typeof mapped === "string" ? [mapped] : mapped) {
      const grant = toGrant(g, tenant);
      out.set(grantKey(grant), grant);
    }
  }
  if (out.size === 0 && mapping.defaultRole !== undefined) {
    const grant = toGrant(mapping.defaultRole, tenant);
    out.set(grantKey(grant), grant);
  }
  return [...out.values()];
}

/** Every grant the mapping can produce: the set a sync is allowed to remove from. */
export function managedGrants(mapping: GroupRoleMapping): RoleGrant[] {
  const all = grantsForGroups(mapping, Object.keys(mapping.groups));
  const tenant = mapping.tenant ?? "default";
  if (mapping.defaultRole !== undefined) all.push(toGrant(mapping.defaultRole, tenant));
  return [...new Map(all.map((g) => [grantKey(g), g])).values()];
}

/** What to assign and unassign to move a user from `current` to `desired` (managed grants only). */
export function reconcile(
  current: readonly RoleGrant[],
  desired: readonly RoleGrant[],
  managed: readonly RoleGrant[],
): { assign: RoleGrant[]; unassign: RoleGrant[] } {
  const have = new Set(current.map(grantKey));
  const want = new Set(desired.map(grantKey));
  const manage = new Set(managed.map(grantKey));
  return {
    assign: desired.filter((g) => !have.has(grantKey(g))),
    unassign: current.filter((g) => manage.has(grantKey(g)) && !want.has(grantKey(g))),
  };
}
