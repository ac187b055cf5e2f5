/**
 * The role hierarchy, computed in the browser from each role's `extends`: which permissions a role
 * inherits (and from which role), and which parents would make a cycle. Pure functions, no I/O; the
 * ancestry, cycle check and permission parsing are the engine's (@tollgate/policy), so the console
 * shows and refuses exactly what the service does.
 */

import { ancestorsNearestFirst, findCycle, parsePermission } from "@tollgate/policy";

export interface RoleLike {
  key: string;
  permissions: readonly string[];
  extends: readonly string[];
}

/**
 * For every role: each permission it inherits through `extends` → the nearest ancestor role that
 * grants it directly. Permissions a role also holds directly are included (so a cell can say both).
 */
export function inheritedPermissions(roles: readonly RoleLike[]): Map<string, Map<string, string>> {
  const byKey = new Map(roles.map((r) => [r.key, r]));
  const graph = new Map<string, readonly string[]>(roles.map((r) => [r.key, r.extends]));
  const out = new Map<string, Map<string, string>>();
  for (const role of roles) {
    const via = new Map<string, string>();
    // Nearest first: the first ancestor that grants a permission is the one the matrix names.
    for (const ancestor of ancestorsNearestFirst(graph, role.key)) {
      for (const p of byKey.get(ancestor)!.permissions) if (!via.has(p)) via.set(p, ancestor);
    }
    out.set(role.key, via);
  }
  return out;
}

/**
 * If `role` extended `parent`, the cycle that would make (`[role, ..., role]`), or undefined when the
 * edge is safe: the engine's own cycle check (what the service answers 400 for) run on the roles with
 * the new edge added.
 */
export function cycleIfExtends(
  roles: readonly RoleLike[],
  role: string,
  parent: string,
): string[] | undefined {
  const graph = new Map<string, readonly string[]>(roles.map((r) => [r.key, r.extends]));
  graph.set(role, [...(graph.get(role) ?? []), parent]);
  const cycle = findCycle(graph);
  if (cycle === undefined || !cycle.includes(role)) return undefined;
  // The engine's path may start anywhere on the loop; the form names it from the role being edited.
  const loop = cycle.slice(0, -1);
  const at = loop.indexOf(role);
  return [...loop.slice(at), ...loop.slice(0, at), role];
}

/** Same check for a whole new parent list, as the role form submits it. */
export function cycleIfParents(
  roles: readonly RoleLike[],
  role: string,
  parents: readonly string[],
): string[] | undefined {
  const others = roles.filter((r) => r.key !== role);
  const self: RoleLike = { key: role, permissions: [], extends: [] };
  for (const parent of parents) {
    const cycle = cycleIfExtends([...others, self], role, parent);
    if (cycle) return cycle;
  }
  return undefined;
}

/** The permissions (by role) that name a resource, or one action of it: what deleting it takes away. */
export function grantsOf(
  roles: readonly RoleLike[],
  resource: string,
  action?: string,
): { role: string; permissions: string[] }[] {
  const out: { role: string; permissions: string[] }[] = [];
  for (const role of roles) {
    const hit = role.permissions.filter((p) => {
      const parsed = parsePermission(p);
      return parsed?.resource === resource && (action === undefined || parsed.action === action);
    });
    if (hit.length > 0) out.push({ role: role.key, permissions: hit });
  }
  return out;
}
