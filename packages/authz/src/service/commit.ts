import { appendChange } from "../storage/changes.ts";
import type { ChangeKind } from "../storage/records.ts";
import type { Db } from "../storage/store.ts";
import { applyChange } from "./apply-change.ts";
import type { AuthzCore, Committed } from "./context.ts";

/** A write: its storage work, and which objects it touched (known once the work has run). */
export interface Write<T> {
  kind: ChangeKind;
  run(tx: Db): Promise<{ value: T; keys: readonly string[] }>;
}

const queues = new WeakMap<AuthzCore, Promise<unknown>>();

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
  const { value, keys, version } = await core.store.transaction(async (tx) => {
    const { value, keys } = await write.run(tx);
    const version = await appendChange(tx, write.kind, keys, at);
    return { value, keys, version };
  });
  await applyChange(core.engine, core.store.db, { kind: write.kind, keys: [...keys] });
  core.feed.publish({ version, kind: write.kind, keys: [...keys], at });
  return { value, version };
}
