/**
 * The role hierarchy: `extends` edges between tenant roles. Permit rejects a change that would make a
 * cycle with 400; these pure functions let the service decide that before anything is written.
 */

export type ExtendsGraph = ReadonlyMap<string, readonly string[]>;

/**
 * Returns a cycle (as a path of role keys that starts and ends at the same role) if the graph has one,
 * otherwise `undefined`. Edges to roles that do not exist are ignored.
 */
export function findCycle(graph: ExtendsGraph): string[] | undefined {
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];

  const visit = (role: string): string[] | undefined => {
    const seen = state.get(role);
    if (seen === "done") return undefined;
    if (seen === "visiting") return [...path.slice(path.indexOf(role)), role];
    state.set(role, "visiting");
    path.push(role);
    for (const parent of graph.get(role) ?? []) {
      if (!graph.has(parent)) continue;
      const cycle = visit(parent);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(role, "done");
    return undefined;
  };

  for (const role of graph.keys()) {
    const cycle = visit(role);
    if (cycle) return cycle;
  }
  return undefined;
}

/** All roles a role inherits from, transitively, itself included. Assumes an acyclic graph. */
export function ancestorsOf(graph: ExtendsGraph, role: string): Set<string> {
  const out = new Set<string>();
  const stack = [role];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (out.has(next) || !graph.has(next)) continue;
    out.add(next);
    for (const parent of graph.get(next) ?? []) stack.push(parent);
  }
  return out;
}

/**
 * The roles a role inherits from, transitively, nearest first (breadth-first, in `extends` order),
 * without itself. The same set as `ancestorsOf` minus the role, in an order a reader can use: the
 * first ancestor that grants a permission is the one to name as its source. Edges to roles that do
 * not exist are ignored, and a cycle cannot loop (each role is listed once).
 */
export function ancestorsNearestFirst(graph: ExtendsGraph, role: string): string[] {
  const out: string[] = [];
  const seen = new Set([role]);
  const queue = [...(graph.get(role) ?? [])];
  for (let i = 0; i < queue.length; i++) {
    const next = queue[i]!;
    if (seen.has(next) || !graph.has(next)) continue;
    seen.add(next);
    out.push(next);
    queue.push(...(graph.get(next) ?? []));
  }
  return out;
}
