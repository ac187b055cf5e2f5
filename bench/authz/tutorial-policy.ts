/**
 * The tutorial's policy, as plain data: two resources and three tenant roles. The engine bench loads
 * it directly, the PDP bench through the management API, and the Cerbos policies are written to
 * match it, so all three decide the same questions.
 */

export interface BenchResource {
  key: string;
  name: string;
  actions: readonly string[];
}

export interface BenchRole {
  key: string;
  name: string;
  permissions: readonly string[];
}

const TASK_ACTIONS = ["create", "get", "update", "check", "delete"] as const;
const USER_ACTIONS = ["create", "get", "delete"] as const;
const ALL_TASK = TASK_ACTIONS.map((a) => `task:${a}`);

export const RESOURCES: readonly BenchResource[] = [
  { key: "task", name: "Task", actions: TASK_ACTIONS },
  { key: "user", name: "User", actions: USER_ACTIONS },
];

export const ROLES: readonly BenchRole[] = [
  { key: "admin", name: "Admin", permissions: [...ALL_TASK, "user:create", "user:get", "user:delete"] },
  { key: "editor", name: "Editor", permissions: [...ALL_TASK, "user:get"] },
  { key: "viewer", name: "Viewer", permissions: ["task:get", "user:get"] },
];

/** Every `resource:action` pair a check can ask about. */
export const PERMISSIONS: readonly { type: string; action: string }[] = RESOURCES.flatMap((r) =>
  r.actions.map((action) => ({ type: r.key, action })),
);

const granted = new Map(ROLES.map((r) => [r.key, new Set(r.permissions)]));

/** The oracle the benches verify every system's decisions against. */
export function rolesAllow(roles: readonly string[], type: string, action: string): boolean {
  return roles.some((role) => granted.get(role)?.has(`${type}:${action}`) === true);
}
