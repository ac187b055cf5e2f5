import type { CognitoClaims } from "./claims.ts";

/** Cognito's longest access/ID token lifetime: a revocation older than this can match no live token. */
const MAX_TOKEN_LIFETIME_MS = 24 * 3600_000;

/**
 * Which users' sessions ended, and when: a disabled, signed-out, reset or deleted user's tokens
 * issued up to that moment are no longer accepted, although their signatures still verify. Pure and
 * in memory; fed by the pool's event stream (local pool) or by session re-checks (real Cognito).
 */
export class SessionRevocations {
  private readonly ended = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Ends every session of `sub` whose tokens were issued at or before `atMs`. */
  revoke(sub: string, atMs: number): void {
    const previous = this.ended.get(sub) ?? 0;
    if (atMs > previous) {
      this.ended.delete(sub); // re-inserted last: the map stays ordered by when entries were set
      this.ended.set(sub, atMs);
    }
    this.forgetExpired();
  }

  /**
   * Where a token stands against its user's ended sessions. `iat` has whole seconds, so a token from
   * the same second as the event may be from just before it (a session that ended) or just after it
   * (a new sign-in, e.g. right after an admin set the password): `uncertain`, for the pool to decide.
   */
  standing(claims: Pick<CognitoClaims, "sub" | "iat">): "active" | "ended" | "uncertain" {
    const ended = this.ended.get(claims.sub);
    if (ended === undefined) return "active";
    const issuedMs = typeof claims.iat === "number" ? claims.iat * 1000 : 0;
    if (issuedMs + 1000 <= ended) return "ended";
    return issuedMs <= ended ? "uncertain" : "active";
  }

  /** When `sub`'s sessions last ended (ms), if they did. */
  endedAt(sub: string): number | undefined {
    return this.ended.get(sub);
  }

  /** True unless the token was certainly issued after its user's sessions ended (fail closed). */
  isRevoked(claims: Pick<CognitoClaims, "sub" | "iat">): boolean {
    return this.standing(claims) !== "active";
  }

  /** Drops revocations older than any token can live, so the map does not grow without end. */
  private forgetExpired(): void {
    const cutoff = this.now() - MAX_TOKEN_LIFETIME_MS;
    for (const [sub, at] of this.ended) {
      if (at >= cutoff) break;
      this.ended.delete(sub);
    }
  }
}
