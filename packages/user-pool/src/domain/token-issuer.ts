import { SignJWT } from "jose";
import type { RefreshSession } from "../storage/refresh-sessions-store.ts";
import { runPreTokenGeneration, type TokenGenerationSource } from "../triggers/events.ts";
import {
  accessTokenClaims,
  applyAccessOverrides,
  applyIdOverrides,
  type ClaimsInput,
  effectiveGroups,
  effectiveScopes,
  idTokenClaims,
} from "./claims.ts";
import { epochSeconds } from "./clock.ts";
import { issuerOf, type PoolContext } from "./context.ts";
import { hashToken, newOpaqueToken, newUuid } from "./ids.ts";
import type { ClientRecord, PoolRecord, TimeUnit, UserRecord } from "./model.ts";
import type { SigningKey } from "./signing-keys.ts";

/** The tokens of one issuance; `refreshToken` only on a fresh sign-in. */
export interface IssuedTokens {
  accessToken: string;
  idToken: string | undefined;
  refreshToken: string | undefined;
  expiresIn: number;
  originJti: string;
}

const UNIT_SECONDS: Record<TimeUnit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

/** A client's token lifetime in seconds. */
export function validitySeconds(value: number, unit: TimeUnit): number {
  return value * UNIT_SECONDS[unit];
}

function lifetimes(client: ClientRecord): { access: number; id: number; refresh: number } {
  const s = client.settings;
  return {
    access: validitySeconds(s.AccessTokenValidity, s.TokenValidityUnits.AccessToken),
    id: validitySeconds(s.IdTokenValidity, s.TokenValidityUnits.IdToken),
    refresh: validitySeconds(s.RefreshTokenValidity, s.TokenValidityUnits.RefreshToken),
  };
}

function sign(claims: Record<string, unknown>, key: SigningKey): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ kid: key.kid, alg: "RS256" }).sign(key.privateKey);
}

/** What a user-token issuance needs to know. */
export interface UserTokenRequest {
  pool: PoolRecord;
  client: ClientRecord;
  user: UserRecord;
  scopes: string[];
  source: TokenGenerationSource;
  /** Hosted flows issue an ID token only when `openid` was granted; native API sign-ins always do. */
  withIdToken: boolean;
  /** `at_hash` is present on ID tokens from the hosted UI. */
  withAtHash: boolean;
  /** The chain being refreshed; absent for a fresh sign-in (which opens a new refresh session). */
  session?: RefreshSession;
  /** Epoch seconds of the sign-in when it predates this issuance (hosted-UI session, code). */
  authTime?: number;
  nonce?: string | null;
  clientMetadata?: Record<string, string> | undefined;
}

/**
 * Issues Cognito's tokens for a user: runs PreTokenGeneration, builds both claim sets, signs the ID
 * and access tokens with their separate keys, and on a fresh sign-in opens a refresh session whose
 * `origin_jti` every later token of the chain carries (that is what revocation keys on).
 */
export async function issueUserTokens(ctx: PoolContext, req: UserTokenRequest): Promise<IssuedTokens> {
  const { pool, client, user } = req;
  const groups = await ctx.stores.groups.groupsOfUser(pool.id, user.sub);
  const overrides = await runPreTokenGeneration(ctx, pool, {
    source: req.source,
    user,
    clientId: client.id,
    groups,
    scopes: req.scopes,
    clientMetadata: req.clientMetadata,
  });
  const nowMs = ctx.now();
  const issuedAt = epochSeconds(nowMs);
  const ttl = lifetimes(client);
  const originJti = req.session?.originJti ?? newUuid();
  const input: ClaimsInput = {
    issuer: issuerOf(ctx, pool.id),
    clientId: client.id,
    user,
    groups: effectiveGroups(
      groups.map((g) => g.name),
      overrides,
    ),
    scopes: effectiveScopes(req.scopes, overrides),
    authTime: req.session?.authTime ?? req.authTime ?? issuedAt,
    issuedAt,
    accessTtl: ttl.access,
    idTtl: ttl.id,
    originJti,
    eventId: newUuid(),
    readAttributes: client.settings.ReadAttributes?.length ? client.settings.ReadAttributes : undefined,
    nonce: req.nonce ?? null,
  };
  const access = accessTokenClaims(input);
  applyAccessOverrides(access, overrides);
  const accessToken = await sign(access, ctx.keys.access);
  let idToken: string | undefined;
  if (req.withIdToken) {
    const id = idTokenClaims(input, req.withAtHash ? accessToken : undefined);
    applyIdOverrides(id, overrides);
    idToken = await sign(id, ctx.keys.id);
  }
  let refreshToken: string | undefined;
  if (req.session === undefined) {
    refreshToken = newOpaqueToken(48);
    await ctx.stores.refreshSessions.insert({
      originJti,
      tokenHash: hashToken(refreshToken),
      poolId: pool.id,
      clientId: client.id,
      userSub: user.sub,
      scopes: req.scopes,
      authTime: input.authTime,
      createdAt: nowMs,
      expiresAt: nowMs + ttl.refresh * 1000,
      revokedAt: null,
    });
  }
  return { accessToken, idToken, refreshToken, expiresIn: ttl.access, originJti };
}

/**
 * A machine-to-machine access token (client_credentials): `sub` is the client id, no user claims,
 * no groups. [uncertain] Cognito's exact M2M claim set; this matches published examples.
 */
export async function issueClientCredentialsToken(
  ctx: PoolContext,
  pool: PoolRecord,
  client: ClientRecord,
  scopes: string[],
): Promise<{ accessToken: string; expiresIn: number }> {
  const issuedAt = epochSeconds(ctx.now());
  const expiresIn = lifetimes(client).access;
  const claims = {
    sub: client.id,
    token_use: "access",
    scope: scopes.join(" "),
    auth_time: issuedAt,
    iss: issuerOf(ctx, pool.id),
    exp: issuedAt + expiresIn,
    iat: issuedAt,
    version: 2,
    jti: newUuid(),
    client_id: client.id,
  };
  return { accessToken: await sign(claims, ctx.keys.access), expiresIn };
}
