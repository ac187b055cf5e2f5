import type { CognitoClaims } from "./claims.ts";

/** Cognito's longest access/ID token lifetime: a revocation older than this can match no live token. */
const MAX_TOKEN_LIFETIME_MS = 24 * 3600_000;

/**
 * Which users' sessions ended, and when: a disabled, signed-out, reset or deleted user's tokens
 * issued up to that moment are no longer accepted, although their signatures still verify. Pure and
 * in memory; fed by the pool's event stream (local pool) or by session re-checks (real Cognito).
 */
export class SessionRevocations {
  private readonly endedAt = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Ends every session of `sub` whose tokens were issued at or before `atMs`. */
  revoke(sub: string, atMs: number): void {
    const previous = this.endedAt.get(sub) ?? 0;
    if (atMs > previous) {
      this.endedAt.delete(sub); // re-inserted last: the map stays ordered by when entries were set
      this.endedAt.set(sub, atMs);
    }
    this.forgetExpired();
  }

  /**
   * True when the token was issued at or before its user's sessions ended. `iat` has whole seconds,
   * so a token from the same second as the event counts as before it: fail closed.
   */
  isRevoked(claims: Pick<CognitoClaims, "sub" | "iat">): boolean {
    const ended = this.endedAt.get(claims.sub);
    if (ended === undefined) return false;
    const issuedMs = typeof claims.iat === "number" ? claims.iat * 1000 : 0;
    return issuedMs <= ended;
  }

  /** Drops revocations older than any token can live, so the map does not grow without end. */
  private forgetExpired(): void {
    const cutoff = this.now() - MAX_TOKEN_LIFETIME_MS;
    for (const [sub, at] of this.endedAt) {
      if (at >= cutoff) break;
      this.endedAt.delete(sub);
    }
  }
}
