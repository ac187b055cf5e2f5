import { EventEmitter } from "node:events";
import type { AccountEventsStore, StoredAccountEvent } from "../storage/account-events-store.ts";
import type { Clock } from "./clock.ts";
import type { UserRecord } from "./model.ts";

/** What the pool announces so that apps can end a user's sessions at once. */
export type AccountEventType =
  | "user.disabled"
  | "user.enabled"
  | "user.signed_out"
  | "user.password_reset"
  | "user.deleted";

/** The `data:` of one event on `GET /_tollgate/pools/{userPoolId}/events`. */
export interface AccountEventData {
  type: AccountEventType;
  userPoolId: string;
  username: string;
  sub: string;
  /** ISO-8601 with milliseconds. */
  at: string;
}

/** How long announced events stay resumable. */
export const ACCOUNT_EVENT_RETENTION_MS = 7 * 86400_000;

export function eventData(e: StoredAccountEvent): AccountEventData {
  return {
    type: e.type as AccountEventType,
    userPoolId: e.poolId,
    username: e.username,
    sub: e.sub,
    at: new Date(e.at).toISOString(),
  };
}

/**
 * Announces account events: each is stored first (so a stream resumes across restarts) and then
 * signalled to the open streams of its pool, which read what they have not sent yet from the store.
 */
export class AccountEvents {
  readonly #emitter = new EventEmitter();

  constructor(
    private readonly store: AccountEventsStore,
    private readonly now: Clock,
  ) {
    // One listener per open stream; many consoles may follow one pool.
    this.#emitter.setMaxListeners(0);
  }

  async announce(type: AccountEventType, user: UserRecord): Promise<void> {
    await this.store.append({
      poolId: user.poolId,
      type,
      username: user.username,
      sub: user.sub,
      at: this.now(),
    });
    this.#emitter.emit(user.poolId);
  }

  /** Calls `listener` whenever the pool has something new; returns the unsubscribe function. */
  subscribe(poolId: string, listener: () => void): () => void {
    this.#emitter.on(poolId, listener);
    return () => this.#emitter.off(poolId, listener);
  }

  after(poolId: string, id: number): Promise<StoredAccountEvent[]> {
    return this.store.listAfter(poolId, id);
  }

  lastId(): Promise<number> {
    return this.store.lastId();
  }

  prune(): Promise<void> {
    return this.store.deleteOlderThan(this.now() - ACCOUNT_EVENT_RETENTION_MS);
  }
}
