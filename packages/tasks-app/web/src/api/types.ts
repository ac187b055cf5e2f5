/** The JSON the tasks app's API returns; mirrors packages/tasks-app/src/routes. */

export interface Task {
  id: string;
  title: string;
  done: boolean;
  created_by: string;
  created_by_name: string | null;
  created_at: string;
  updated_at: string;
  project_id?: string | null;
  confidential?: boolean;
  /** In lists: what this user may do with this task (`get`, `update`, `check`, `delete`, `share`). */
  allowed?: string[];
}

/** One person's role on a task: its owner, or someone it was shared with. */
export interface TaskShare {
  sub: string;
  role: "owner" | "editor" | "viewer" | string;
  name: string | null;
}

export const GROUPS = ["admin", "editor", "viewer"] as const;
export type Group = (typeof GROUPS)[number];

export interface PoolUser {
  username: string;
  sub: string;
  email: string;
  name: string;
  enabled: boolean;
  status: string;
  groups: string[];
}

export interface MyPermissions {
  sub: string;
  /** `resource:action` strings, e.g. `task:create`. */
  permissions: string[];
  roles: string[];
}

export interface InviteResult {
  user: Omit<PoolUser, "enabled" | "status">;
  temporaryPassword: string;
}
