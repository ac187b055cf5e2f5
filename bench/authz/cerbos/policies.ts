import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { RESOURCES, ROLES } from "../tutorial-policy.ts";

/**
 * Cerbos policies equivalent to the tutorial's, generated from the same data so they cannot drift.
 *
 * Cerbos keeps no facts: the caller sends the principal's roles with every request. Tollgate's
 * tenant dimension (a role is held *in a tenant*) is expressed two ways, as two policy versions:
 *
 * - `default` ("roles in request"): the caller sends the roles the user holds in the resource's
 *   tenant, plus a base role `user` (Cerbos requires at least one role; `user` grants nothing).
 *   Rules match on principal roles. This is the cheapest form for Cerbos, because the caller has
 *   already resolved the tenant.
 * - `tenant` ("derived roles"): the caller sends all of the user's assignments as
 *   `P.attr.tenant_roles` (tenant → roles) and the tenant as `R.attr.tenant`; derived roles
 *   `tenant_admin`/`tenant_editor`/`tenant_viewer` hold when the principal has that role in the
 *   resource's tenant. This is the closer match: like Tollgate, Cerbos resolves the tenant itself.
 */

export const ROLES_IN_REQUEST_VERSION = "default";
export const DERIVED_ROLES_VERSION = "tenant";
export const BASE_ROLE = "user";

/** For each action of a resource, the roles that may perform it. */
function rolesByAction(resource: string, action: string): string[] {
  return ROLES.filter((r) => r.permissions.includes(`${resource}:${action}`)).map((r) => r.key);
}

const list = (items: readonly string[]) => `[${items.map((i) => JSON.stringify(i)).join(", ")}]`;

function resourcePolicy(
  resource: string,
  actions: readonly string[],
  version: string,
  derived: boolean,
): string {
  const rules = actions
    .map((action) => ({ action, roles: rolesByAction(resource, action) }))
    .filter((r) => r.roles.length > 0)
    .map(({ action, roles }) => {
      const who = derived
        ? `derivedRoles: ${list(roles.map((r) => `tenant_${r}`))}`
        : `roles: ${list(roles)}`;
      return `    - actions: ${list([action])}\n      effect: EFFECT_ALLOW\n      ${who}`;
    });
  return [
    "apiVersion: api.cerbos.dev/v1",
    "resourcePolicy:",
    `  version: ${JSON.stringify(version)}`,
    `  resource: ${JSON.stringify(resource)}`,
    ...(derived ? ['  importDerivedRoles: ["tenant_roles"]'] : []),
    "  rules:",
    ...rules,
    "",
  ].join("\n");
}

function derivedRoles(): string {
  const definitions = ROLES.map((r) =>
    [
      `    - name: tenant_${r.key}`,
      `      parentRoles: ${list([BASE_ROLE])}`,
      "      condition:",
      "        match:",
      // `in` on the map first: indexing a missing tenant would be an evaluation error.
      `          expr: R.attr.tenant in P.attr.tenant_roles && ${JSON.stringify(r.key)} in P.attr.tenant_roles[R.attr.tenant]`,
    ].join("\n"),
  );
  return [
    "apiVersion: api.cerbos.dev/v1",
    "derivedRoles:",
    "  name: tenant_roles",
    "  definitions:",
    ...definitions,
    "",
  ].join("\n");
}

export function writeCerbosPolicies(dir: string): void {
  writeFileSync(join(dir, "derived_roles.yaml"), derivedRoles());
  for (const r of RESOURCES) {
    writeFileSync(
      join(dir, `${r.key}.yaml`),
      resourcePolicy(r.key, r.actions, ROLES_IN_REQUEST_VERSION, false),
    );
    writeFileSync(
      join(dir, `${r.key}_tenant.yaml`),
      resourcePolicy(r.key, r.actions, DERIVED_ROLES_VERSION, true),
    );
  }
}
