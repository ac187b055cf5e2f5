import { AsyncLocalStorage } from "node:async_hooks";
import { appendChange, lockWrites } from "../storage/changes.ts";
import type { ChangeKind } from "../storage/records.ts";
import type { Db } from "../storage/store.ts";
import type { AuthzCore, Committed } from "./context.ts";
import { AuthzError } from "./errors.ts";

/** A write: its storage work, and which objects it touched (known once the work has run). */
export interface Write<T> {
  kind: ChangeKind;
  run(tx: Db): Promise<{ value: T; keys: readonly string[] }>;
}

const queues = new WeakMap<AuthzCore, Promise<unknown>>();

/**
 * How long a write may wait for its change to reach this replica's snapshot, and what to do when it
 * does not: the SDK's `X-Wait-Timeout` / `X-Timeout-Policy`, carried from the request.
 */
export const writeWait = new AsyncLocalStorage<{ timeoutMs: number; policy: "ignore" | "fail" }>();

/**
 * Commits a write: runs it in a transaction together with its change-log entry, then applies the
 * change to the in-memory snapshot and announces it, all before returning, so the caller's next
 * check already sees it. Writes are serialised per service so versions are applied and announced
 * in order.
 */
export function commit<T>(core: AuthzCore, write: Write<T>): Promise<Committed<T>> {
  const previous = queues.get(core) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => commitNow(core, write));
  queues.set(core, next);
  return next;
}

async function commitNow<T>(core: AuthzCore, write: Write<T>): Promise<Committed<T>> {
  const at = core.now();
  const { value, version } = await core.store.transaction(async (tx) => {
    await lockWrites(tx, core.store.dialect);
    const { value, keys } = await write.run(tx);
    const version = await appendChange(tx, core.store.dialect, write.kind, keys, at);
    return { value, version };
  });
  // Read-your-writes: the snapshot includes this version (and any before it) before we answer.
  const wait = writeWait.getStore();
  if (wait === undefined) {
    await core.sync.catchUp();
  } else if (!(await core.sync.waitFor(version, wait.timeoutMs)) && wait.policy === "fail") {
    throw new AuthzError("TIMEOUT", "Timeout waiting for update to be received");
  }
  return { value, version };
}
