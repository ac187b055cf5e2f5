import type { PoolContext } from "./context.ts";
import { hashToken, newOpaqueToken } from "./ids.ts";
import type { UserRecord } from "./model.ts";

/** The hosted UI remembers a sign-in for one hour, like Cognito's managed-login cookie. */
export const LOGIN_SESSION_TTL_MS = 3600_000;

/** Starts a hosted-UI session; the returned value goes into the cookie (only its hash is stored). */
export async function startLoginSession(
  ctx: PoolContext,
  user: UserRecord,
  authTime: number,
): Promise<string> {
  const value = newOpaqueToken();
  await ctx.stores.loginSessions.insert({
    idHash: hashToken(value),
    poolId: user.poolId,
    userSub: user.sub,
    authTime,
    expiresAt: ctx.now() + LOGIN_SESSION_TTL_MS,
  });
  return value;
}

/**
 * The user behind a session cookie for the given pool, if it is still good: unexpired, and the user still
 * exists, is enabled and confirmed. A session of another pool is ignored, not an error.
 */
export async function resumeLoginSession(
  ctx: PoolContext,
  poolId: string,
  cookie: string | undefined,
): Promise<{ user: UserRecord; authTime: number } | undefined> {
  if (!cookie) return undefined;
  const session = await ctx.stores.loginSessions.get(hashToken(cookie));
  if (session === undefined || session.poolId !== poolId || session.expiresAt <= ctx.now()) return undefined;
  const user = await ctx.stores.users.bySub(poolId, session.userSub);
  if (user === undefined || !user.enabled || user.status !== "CONFIRMED") return undefined;
  return { user, authTime: session.authTime };
}

export async function endLoginSession(ctx: PoolContext, cookie: string | undefined): Promise<void> {
  if (cookie) await ctx.stores.loginSessions.delete(hashToken(cookie));
}
