/**
 * The role hierarchy, computed in the browser from each role's `extends`: which permissions a role
 * inherits (and from which role), and which parents would make a cycle. Pure functions, no I/O.
 */

export interface RoleLike {
  key: string;
  permissions: readonly string[];
  extends: readonly string[];
}

/**
 * The roles `role` inherits from, transitively, nearest first, without itself. Unknown keys and
 * (defensively) cycles are skipped.
 */
export function ancestors(roles: ReadonlyMap<string, RoleLike>, role: string): string[] {
  const out: string[] = [];
  const seen = new Set([role]);
  const queue = [...(roles.get(role)?.extends ?? [])];
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (seen.has(next) || !roles.has(next)) continue;
    seen.add(next);
    out.push(next);
    queue.push(...roles.get(next)!.extends);
  }
  return out;
}

/**
 * For every role: each permission it inherits through `extends` → the nearest ancestor role that
 * grants it directly. Permissions a role also holds directly are included (so a cell can say both).
 */
export function inheritedPermissions(roles: readonly RoleLike[]): Map<string, Map<string, string>> {
  const byKey = new Map(roles.map((r) => [r.key, r]));
  const out = new Map<string, Map<string, string>>();
  for (const role of roles) {
    const via = new Map<string, string>();
    for (const ancestor of ancestors(byKey, role.key)) {
      for (const p of byKey.get(ancestor)!.permissions) if (!via.has(p)) via.set(p, ancestor);
    }
    out.set(role.key, via);
  }
  return out;
}

/**
 * If `role` extended `parent`, the cycle that would make (`[role, ..., role]`), or undefined when the
 * edge is safe. A cycle exists exactly when `role` is `parent` or one of `parent`'s ancestors.
 */
export function cycleIfExtends(
  roles: readonly RoleLike[],
  role: string,
  parent: string,
): string[] | undefined {
  if (role === parent) return [role, role];
  const byKey = new Map(roles.map((r) => [r.key, r]));
  // Breadth-first from the parent upwards, remembering how we got there, until we meet `role`.
  const cameFrom = new Map<string, string | null>([[parent, null]]);
  const queue = [parent];
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (next === role) {
      const path: string[] = [];
      for (let at: string | null = next; at !== null; at = cameFrom.get(at) ?? null) path.unshift(at);
      // path runs parent → … → role along `extends`; the new edge role → parent closes the loop.
      return [role, ...path];
    }
    for (const up of byKey.get(next)?.extends ?? []) {
      if (!cameFrom.has(up)) {
        cameFrom.set(up, next);
        queue.push(up);
      }
    }
  }
  return undefined;
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

/** `resource:action` → [resource, action]; the resource key may not contain `:`, the action may. */
export function splitPermission(permission: string): [string, string] {
  const i = permission.indexOf(":");
  return i === -1 ? [permission, ""] : [permission.slice(0, i), permission.slice(i + 1)];
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
      const [r, a] = splitPermission(p);
      return r === resource && (action === undefined || a === action);
    });
    if (hit.length > 0) out.push({ role: role.key, permissions: hit });
  }
  return out;
}
