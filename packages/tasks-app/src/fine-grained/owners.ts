import { createOwnedInstance, type Subscription } from "@tollgate/cognito-permit";
import type { Permit } from "permitio";
import type { TasksStore } from "../storage/tasks-store.ts";
import { TASK_TENANT } from "./task-access.ts";

/**
 * Gives every task created before per-task roles its creator as `owner` (instance + role in
 * Permit), then marks it done in the store. Idempotent; returns how many tasks it migrated.
 */
export async function backfillOwners(permit: Permit, store: TasksStore): Promise<number> {
  let migrated = 0;
  for (;;) {
    const batch = await store.withoutOwner();
    if (batch.length === 0) return migrated;
    for (const task of batch) {
      await createOwnedInstance(permit, {
        type: "task",
        key: task.id,
        owner: task.created_by,
        tenant: TASK_TENANT,
      }).catch((err: unknown) => {
        // A creator who was removed from Permit owns nothing any more; the instance stays ownerless.
        if ((err as { response?: { status?: number } })?.response?.status !== 404) throw err;
      });
      await store.markOwnerSynced(task.id);
      migrated++;
    }
  }
}

/**
 * Runs `backfillOwners` at start-up and again every `retryMs` until it succeeds once (the
 * authorization service may start after the app).
 */
export function startOwnerBackfill(options: {
  permit: Permit;
  store: TasksStore;
  retryMs?: number;
  log?: (msg: string) => void;
}): Subscription {
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const attempt = () => {
    backfillOwners(options.permit, options.store).then(
      (n) => {
        if (n > 0) options.log?.(`gave ${n} earlier task(s) their creator as owner`);
      },
      (err: unknown) => {
        if (closed) return;
        options.log?.(`owner backfill: ${(err as Error).message}; retrying`);
        timer = setTimeout(attempt, options.retryMs ?? 10_000);
        timer.unref();
      },
    );
  };
  attempt();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
    },
  };
}
