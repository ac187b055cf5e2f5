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

/** Sessions ended by the pool's event stream (see `followPoolEvents`). */
export function revocationCheck(revocations: SessionRevocations): SessionCheck {
  return { check: async (_token, claims) => (revocations.isRevoked(claims) ? "ended" : "active") };
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
      if (options.revocations.isRevoked(claims)) return "ended";
      const key = typeof claims.jti === "string" ? claims.jti : token;
      const last = checkedAt.get(key);
      if (last !== undefined && Date.now() - last < interval) return "active";
      try {
        await options.cognito.send(new GetUserCommand({ AccessToken: token }));
      } catch (err) {
        const name = (err as { name?: string }).name;
        if (name === "NotAuthorizedException" || name === "UserNotFoundException") {
          options.revocations.revoke(claims.sub, Date.now());
          checkedAt.delete(key);
          return "ended";
        }
        return "unavailable";
      }
      checkedAt.delete(key);
      if (checkedAt.size >= cacheSize) checkedAt.delete(checkedAt.keys().next().value!);
      checkedAt.set(key, Date.now());
      return "active";
    },
  };
}
