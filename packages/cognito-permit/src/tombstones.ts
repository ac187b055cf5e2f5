/**
 * Users removed recently. A removed user's token can stay valid until it expires (an hour, by
 * default); without this, their next request would sync them straight back into Permit.
 */
export interface Tombstones {
  has(sub: string): Promise<boolean>;
  add(sub: string): Promise<void>;
}

/**
 * In-process tombstones, kept for `ttlMs` (default 24 h: longer than any Cognito ID or access
 * token lives). Apps with several instances should pass a shared implementation instead.
 */
export function memoryTombstones(ttlMs = 24 * 3600_000, now: () => number = Date.now): Tombstones {
  const removedAt = new Map<string, number>();
  return {
    async has(sub) {
      const at = removedAt.get(sub);
      if (at === undefined) return false;
      if (now() - at > ttlMs) {
        removedAt.delete(sub);
        return false;
      }
      return true;
    },
    async add(sub) {
      removedAt.set(sub, now());
    },
  };
}
