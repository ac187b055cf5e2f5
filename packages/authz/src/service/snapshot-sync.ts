import type { PolicyEngine } from "@tollgate/policy";
import type { ChangeFeed } from "../changes/change-feed.ts";
import { changesSince } from "../storage/changes.ts";
import type { Store } from "../storage/store.ts";
import { applyChange } from "./apply-change.ts";

/**
 * Keeps the in-memory snapshot current with the versioned change log. Everything that changes the
 * snapshot after the initial load goes through `catchUp`: a local write (to see its own version),
 * a PostgreSQL notification from another replica, a periodic safety poll, a reconnect. It applies
 * every change after its cursor in version order and announces each on the feed, so the change
 * stream is gap-free and in order whichever replica made the change.
 *
 * Versions are assigned in commit order (SQLite has one writer; on PostgreSQL writers serialise on
 * an advisory lock before taking a version), so "everything after the cursor" never skips a change
 * that commits later.
 */
export class SnapshotSync {
  private cursor: number;
  private chain: Promise<void> = Promise.resolve();
  private readonly waiters = new Set<{ version: number; resolve: () => void }>();
  /** Changes applied since start, by where they came from (for metrics). */
  applied = 0;
  lastCatchUpAt = Date.now();

  constructor(
    private readonly engine: PolicyEngine,
    private readonly store: Store,
    private readonly feed: ChangeFeed,
    loadedVersion: number,
  ) {
    this.cursor = loadedVersion;
    feed.advanceTo(loadedVersion);
  }

  /** Every change up to this version is in the snapshot. */
  get version(): number {
    return this.cursor;
  }

  /** Applies all committed changes after the cursor. Calls queue up; each is one query when idle. */
  catchUp(): Promise<void> {
    const run = this.chain.then(() => this.drain());
    this.chain = run.catch(() => undefined);
    return run;
  }

  /**
   * Resolves true once the snapshot includes `version`, catching up first; false if it does not
   * get there within `timeoutMs` (the caller decides whether that is an error).
   */
  async waitFor(version: number, timeoutMs: number): Promise<boolean> {
    if (this.cursor >= version) return true;
    await this.catchUp().catch(() => undefined);
    if (this.cursor >= version) return true;
    return new Promise<boolean>((resolve) => {
      const waiter = {
        version,
        resolve: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(true);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        resolve(false);
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private async drain(): Promise<void> {
    for (;;) {
      const batch = await changesSince(this.store.db, this.cursor, 500);
      for (const change of batch) {
        await applyChange(this.engine, this.store.db, change);
        this.cursor = change.version;
        this.applied++;
        this.feed.publish(change);
      }
      if (batch.length < 500) break;
    }
    this.lastCatchUpAt = Date.now();
    for (const w of this.waiters) if (w.version <= this.cursor) w.resolve();
  }
}
