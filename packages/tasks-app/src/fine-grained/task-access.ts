import { decide, permittedObjects } from "@tollgate/cognito-permit";
import type { IResource, Permit } from "permitio";
import type { Task } from "../storage/tasks-store.ts";

/** The tenant the app's tasks live in; the SDK checks in `default` when none is named. */
export const TASK_TENANT = "default";

/** The actions a task's buttons depend on, in the order the SPA shows them. */
export const TASK_ACTIONS = ["get", "update", "check", "delete", "share"] as const;

/** A task as Permit knows it: the instance `task:<id>`, so instance roles (owner, shares) count. */
export const taskResource = (id: string): IResource => ({ type: "task", key: id, tenant: TASK_TENANT });

/**
 * Whether `user` may see confidential tasks: the policy's set rule `high_clearance →
 * task:see_confidential → confidential_tasks` (ABAC, from the user's `clearance` attribute). Roles
 * never grant it, so a tenant-wide `task:get` does not reveal a confidential task.
 */
export async function maySeeConfidential(permit: Permit, user: string, timeoutMs?: number): Promise<boolean> {
  const decision = await decide(
    permit,
    user,
    "see_confidential",
    { type: "task", tenant: TASK_TENANT, attributes: { confidential: true } },
    timeoutMs,
  );
  if (decision === "unavailable") throw new Error("the authorization service gave no usable answer");
  return decision === "allow";
}

/** A listed task with what this user may do with it, so the SPA's buttons match the server. */
export type ListedTask = Task & { allowed: string[] };

/**
 * The tasks `user` may see, filtered by the authorization service in one round trip
 * (`getUserPermissions`): every task when a tenant role gives `task:get`, otherwise only those they
 * hold a role on (owned, shared, or derived). Confidential tasks only for high clearance (asked at
 * the same time, so still one round trip's wait). `undefined` when they may see none at all and hold
 * no role on any task, so the route can answer 403 as it did before per-task roles.
 */
export async function visibleTasks(
  permit: Permit,
  user: string,
  tasks: { all(): Promise<Task[]>; withIds(ids: readonly string[]): Promise<Task[]> },
): Promise<ListedTask[] | undefined> {
  const [allowed, cleared] = await Promise.all([
    permittedObjects(permit, user, "task", { tenant: TASK_TENANT }),
    maySeeConfidential(permit, user),
  ]);
  if (!allowed.everywhere.has("get") && allowed.byKey.size === 0) return undefined;
  const out: ListedTask[] = [];
  // Without tenant-wide task:get only the tasks they hold a role on are read from the store.
  const candidates = allowed.everywhere.has("get")
    ? await tasks.all()
    : await tasks.withIds([...allowed.byKey.keys()]);
  for (const task of candidates) {
    if (!allowed.can(task.id, "get")) continue;
    if (task.confidential && !cleared) continue;
    out.push({ ...task, allowed: TASK_ACTIONS.filter((a) => allowed.can(task.id, a)) });
  }
  return out;
}
