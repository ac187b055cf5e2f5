import {
  type CognitoIdentityProviderClient,
  GetUserCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import type { CognitoClaims } from "./claims.ts";
import type { SessionRevocations } from "./session-revocations.ts";

/** Whether a verified token's session still stands. */
export type SessionState = "active" | "ended" | "unavailable";

/** Asked by guards after the token verified: has the user's session ended since it was issued? */
export interface SessionCheck {
  check(token: string, claims: CognitoClaims): Promise<SessionState>;
}

/**
 * Sessions ended by the pool's event stream (see `followPoolEvents`). A token from the very second a
 * session ended is settled by asking the pool (`GetUser` with that token, which the pool refuses for
 * a disabled, signed-out or deleted user) when `cognito` is given, and refused when it is not.
 */
export function revocationCheck(
  revocations: SessionRevocations,
  cognito?: CognitoIdentityProviderClient,
): SessionCheck {
  const settled = new Map<string, SessionState>();
  return {
    async check(token, claims) {
      const standing = revocations.standing(claims);
      if (standing !== "uncertain") return standing;
      if (!cognito) return "ended";
      // Settled per token and per ending: a second ending in the same second asks the pool again.
      const key = `${revocations.endedAt(claims.sub)}:${token}`;
      const known = settled.get(key);
      if (known) return known;
      const state = await askPool(cognito, token);
      if (state !== "unavailable") {
        if (settled.size >= 1000) settled.delete(settled.keys().next().value!);
        settled.set(key, state);
      }
      return state;
    },
  };
}

/** The pool's word on a session: `GetUser` with the user's own access token. */
async function askPool(cognito: CognitoIdentityProviderClient, token: string): Promise<SessionState> {
  try {
    await cognito.send(new GetUserCommand({ AccessToken: token }));
    return "active";
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === "NotAuthorizedException" || name === "UserNotFoundException") return "ended";
    return "unavailable";
  }
}

/** How often a session is re-checked with real Cognito, at most (default 60 s). */
export const DEFAULT_RECHECK_INTERVAL_MS = 60_000;

/**
 * For real Cognito, which announces nothing: re-checks a session with the pool (`GetUser` with the
 * user's own access token, which Cognito refuses once the user is disabled, signed out globally or
 * deleted) at most every `intervalMs` per token. An ended session is remembered in `revocations`.
 * Access tokens only (GetUser takes no ID token).
 */
export function sessionRecheck(options: {
  cognito: CognitoIdentityProviderClient;
  revocations: SessionRevocations;
  intervalMs?: number | undefined;
  /** How many tokens' last checks to remember (default 10,000). */
  cacheSize?: number | undefined;
}): SessionCheck {
  const interval = options.intervalMs ?? DEFAULT_RECHECK_INTERVAL_MS;
  const cacheSize = options.cacheSize ?? 10_000;
  const checkedAt = new Map<string, number>();
  return {
    async check(token, claims) {
      if (options.revocations.standing(claims) === "ended") return "ended";
      const key = typeof claims.jti === "string" ? claims.jti : token;
      const last = checkedAt.get(key);
      if (last !== undefined && Date.now() - last < interval) return "active";
      const state = await askPool(options.cognito, token);
      if (state === "ended") {
        options.revocations.revoke(claims.sub, Date.now());
        checkedAt.delete(key);
        return "ended";
      }
      if (state === "unavailable") return "unavailable";
      checkedAt.delete(key);
      if (checkedAt.size >= cacheSize) checkedAt.delete(checkedAt.keys().next().value!);
      checkedAt.set(key, Date.now());
      return "active";
    },
  };
}
