import { openChallengeSession } from "./challenge-sessions.ts";
import type { PoolContext } from "./context.ts";
import { fail } from "./errors.ts";
import { hashToken } from "./ids.ts";
import type { ClientRecord, PoolRecord } from "./model.ts";
import { findUser } from "./users.ts";

/** The first factors this pool offers through USER_AUTH (EMAIL_OTP, SMS_OTP and passkeys are not). */
export const FIRST_FACTORS = ["PASSWORD", "PASSWORD_SRP"] as const;
export type FirstFactor = (typeof FIRST_FACTORS)[number];

export function isFirstFactor(value: string | undefined): value is FirstFactor {
  return (FIRST_FACTORS as readonly string[]).includes(value ?? "");
}

/**
 * USER_AUTH without a usable preference: a SELECT_CHALLENGE session. Unknown users get the same
 * answer (AWS: USER_AUTH is not governed by PreventUserExistenceErrors and never reveals them).
 */
export async function openSelectChallenge(
  ctx: PoolContext,
  pool: PoolRecord,
  client: ClientRecord,
  username: string,
): Promise<string> {
  const user = await findUser(ctx, pool, username);
  return openChallengeSession(ctx, client, {
    poolId: pool.id,
    userSub: user?.sub ?? "",
    challenge: "SELECT_CHALLENGE",
    data: JSON.stringify({ username }),
  });
}

/** Consumes a SELECT_CHALLENGE session; returns the username it was opened for. */
export async function consumeSelectChallenge(
  ctx: PoolContext,
  client: ClientRecord,
  session: string,
): Promise<string> {
  const expired = "Invalid session for the user, session is expired.";
  const stored = await ctx.stores.challengeSessions.get(hashToken(session));
  if (stored === undefined || stored.clientId !== client.id || stored.challenge !== "SELECT_CHALLENGE")
    fail("NotAuthorizedException", expired);
  if (stored.usedAt !== null || stored.expiresAt < ctx.now()) fail("NotAuthorizedException", expired);
  if (!(await ctx.stores.challengeSessions.consume(stored.idHash, ctx.now())))
    fail("NotAuthorizedException", expired);
  return (JSON.parse(stored.data ?? "{}") as { username?: string }).username ?? "";
}
