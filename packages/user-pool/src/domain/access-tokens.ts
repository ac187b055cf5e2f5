import { errors, type JWTPayload, jwtVerify } from "jose";
import type { RefreshSession } from "../storage/refresh-sessions-store.ts";
import type { PoolContext } from "./context.ts";
import { fail } from "./errors.ts";
import type { PoolRecord, UserRecord } from "./model.ts";

/** A user access token that passed every check, with what it refers to. */
export interface AuthenticatedAccess {
  pool: PoolRecord;
  user: UserRecord;
  session: RefreshSession;
  claims: JWTPayload & { scope?: string; client_id?: string; origin_jti?: string };
}

/**
 * Checks one of our access tokens the way Cognito's own APIs do (GetUser, GlobalSignOut, userInfo):
 * signature and expiry first, then the server-side state a stateless verifier cannot see — the refresh
 * session it came from must not be revoked (global sign-out, revocation, disable) and the user must still
 * exist and be enabled. Failures are NotAuthorizedException with Cognito's messages.
 */
export async function authenticateAccessToken(ctx: PoolContext, token: string): Promise<AuthenticatedAccess> {
  let claims: AuthenticatedAccess["claims"];
  try {
    ({ payload: claims } = await jwtVerify(token, ctx.keys.access.publicKey, {
      algorithms: ["RS256"],
      currentDate: new Date(ctx.now()),
    }));
  } catch (err) {
    if (err instanceof errors.JWTExpired) fail("NotAuthorizedException", "Access Token has expired");
    fail("NotAuthorizedException", "Invalid Access Token");
  }
  const prefix = `${ctx.baseUrl()}/`;
  if (claims["token_use"] !== "access" || typeof claims.iss !== "string" || !claims.iss.startsWith(prefix))
    fail("NotAuthorizedException", "Invalid Access Token");
  const pool = await ctx.stores.pools.get(claims.iss.slice(prefix.length));
  if (pool === undefined || typeof claims.origin_jti !== "string" || typeof claims.sub !== "string")
    fail("NotAuthorizedException", "Invalid Access Token");
  const session = await ctx.stores.refreshSessions.byOriginJti(claims.origin_jti);
  if (session === undefined || session.userSub !== claims.sub)
    fail("NotAuthorizedException", "Invalid Access Token");
  if (session.revokedAt !== null) fail("NotAuthorizedException", "Access Token has been revoked");
  const user = await ctx.stores.users.bySub(pool.id, claims.sub);
  if (user === undefined) fail("NotAuthorizedException", "User does not exist.");
  if (!user.enabled) fail("NotAuthorizedException", "User is disabled.");
  return { pool, user, session, claims };
}
