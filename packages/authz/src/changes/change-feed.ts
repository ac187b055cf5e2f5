import type { ChangeRecord } from "../storage/records.ts";

export type ChangeListener = (change: ChangeRecord) => void;

/**
 * In-process fan-out of committed changes, in version order. Subscribers are the SSE change
 * stream, and later anything else that reacts to policy edits. Durable history lives in the
 * `changes` table; this only carries what happens while a subscriber is connected.
 */
export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();
  private current = 0;

  /** The newest version this process has applied to its snapshot. */
  get version(): number {
    return this.current;
  }

  /** Records that the snapshot is at `version` without announcing anything (after a load). */
  advanceTo(version: number): void {
    if (version > this.current) this.current = version;
  }

  publish(change: ChangeRecord): void {
    this.advanceTo(change.version);
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // A broken subscriber must not stop the others or the write that published.
      }
    }
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }
}
