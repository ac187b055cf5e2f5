import type { RefreshSession } from "../storage/refresh-sessions-store.ts";
import type { PoolContext } from "./context.ts";
import { fail } from "./errors.ts";
import { hashToken, newOpaqueToken } from "./ids.ts";
import type { ClientRecord, PoolRecord, UserRecord } from "./model.ts";
import { type IssuedTokens, issueUserTokens } from "./token-issuer.ts";

/** A refresh token that may be used by this client right now, with its pool and user. */
export interface LiveRefreshSession {
  session: RefreshSession;
  pool: PoolRecord;
  user: UserRecord;
}

/**
 * Resolves a refresh token for a client. Any mismatch (unknown, other client, expired, revoked,
 * deleted or disabled user) is NotAuthorizedException with Cognito's messages; the token endpoint maps
 * them all to `invalid_grant`.
 */
export async function resolveRefreshToken(
  ctx: PoolContext,
  client: ClientRecord,
  token: string,
): Promise<LiveRefreshSession> {
  let session = await ctx.stores.refreshSessions.byTokenHash(hashToken(token));
  if (session === undefined) {
    // A token rotated out: usable during the client's grace period, then a reuse.
    const previous = await ctx.stores.refreshSessions.byPreviousTokenHash(hashToken(token));
    if (previous !== undefined && previous.session.clientId === client.id) {
      if (previous.validUntil < ctx.now())
        fail("RefreshTokenReuseException", "Refresh token has been rotated and can no longer be used.");
      session = previous.session;
    }
  }
  if (session === undefined || session.clientId !== client.id)
    fail("NotAuthorizedException", "Invalid Refresh Token");
  if (session.revokedAt !== null) fail("NotAuthorizedException", "Refresh Token has been revoked");
  if (session.expiresAt <= ctx.now()) fail("NotAuthorizedException", "Refresh Token has expired");
  const pool = await ctx.stores.pools.get(session.poolId);
  const user = pool && (await ctx.stores.users.bySub(pool.id, session.userSub));
  if (pool === undefined || user === undefined) fail("NotAuthorizedException", "Invalid Refresh Token");
  if (!user.enabled) fail("NotAuthorizedException", "User is disabled.");
  return { session, pool, user };
}

/** New access and ID tokens from a refresh token; same `origin_jti` and `auth_time`, no new refresh token. */
export async function refreshTokens(
  ctx: PoolContext,
  client: ClientRecord,
  token: string,
  options: {
    withIdToken: (scopes: string[]) => boolean;
    clientMetadata?: Record<string, string> | undefined;
  },
): Promise<IssuedTokens> {
  const { session, pool, user } = await resolveRefreshToken(ctx, client, token);
  return issueUserTokens(ctx, {
    pool,
    client,
    user,
    scopes: session.scopes,
    source: "TokenGeneration_RefreshTokens",
    withIdToken: options.withIdToken(session.scopes),
    withAtHash: false,
    session,
    clientMetadata: options.clientMetadata,
  });
}

/**
 * Revokes a refresh token and, through `origin_jti`, every access token minted from it. Unknown or
 * foreign tokens are ignored, so the answer never tells a caller whether a token existed.
 */
export async function revokeRefreshToken(
  ctx: PoolContext,
  client: ClientRecord,
  token: string,
): Promise<void> {
  const session = await ctx.stores.refreshSessions.byTokenHash(hashToken(token));
  if (session === undefined || session.clientId !== client.id) return;
  await ctx.stores.refreshSessions.revoke(session.originJti, ctx.now());
}

/** True when the client rotates refresh tokens (GetTokensFromRefreshToken returns a new one). */
export function rotatesRefreshTokens(client: ClientRecord): boolean {
  return client.settings.RefreshTokenRotation?.Feature === "ENABLED";
}

/**
 * GetTokensFromRefreshToken with rotation: new access and ID tokens and a new refresh token in the same
 * chain (same `origin_jti`, so revocation and global sign-out still cut it). The submitted token stays
 * valid for the client's grace period, then is a RefreshTokenReuseException.
 */
export async function rotateRefreshToken(
  ctx: PoolContext,
  client: ClientRecord,
  token: string,
  clientMetadata: Record<string, string> | undefined,
): Promise<IssuedTokens> {
  const { session, pool, user } = await resolveRefreshToken(ctx, client, token);
  const issued = await issueUserTokens(ctx, {
    pool,
    client,
    user,
    scopes: session.scopes,
    source: "TokenGeneration_RefreshTokens",
    withIdToken: true,
    withAtHash: false,
    session,
    clientMetadata,
  });
  const next = newOpaqueToken(48);
  const presented = hashToken(token);
  // A retry with the token just rotated out (within its grace) keeps that token's original deadline.
  const retry =
    presented !== session.tokenHash
      ? await ctx.stores.refreshSessions.byPreviousTokenHash(presented)
      : undefined;
  const graceUntil =
    retry?.validUntil ??
    ctx.now() + (client.settings.RefreshTokenRotation?.RetryGracePeriodSeconds ?? 0) * 1000;
  await ctx.stores.refreshSessions.rotate(session.originJti, presented, hashToken(next), graceUntil);
  return { ...issued, refreshToken: next };
}
