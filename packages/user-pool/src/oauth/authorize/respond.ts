import type { FastifyReply } from "fastify";
import type { PoolContext } from "../../domain/context.ts";
import { hashToken, newOpaqueToken } from "../../domain/ids.ts";
import type { UserRecord } from "../../domain/model.ts";
import { issueUserTokens } from "../../domain/token-issuer.ts";
import type { ValidAuthorizationRequest } from "./request.ts";

/** Authorization codes are single use and live five minutes, as in Cognito. */
export const CODE_TTL_MS = 5 * 60_000;

/**
 * Ends a successful authorization: for `code`, stores a code bound to client, redirect URI, PKCE
 * challenge, scopes and nonce, and redirects with it in the query; for `token` (implicit), issues tokens
 * into the fragment (no refresh token, as in Cognito).
 */
export async function respondToAuthorization(
  ctx: PoolContext,
  reply: FastifyReply,
  req: ValidAuthorizationRequest,
  user: UserRecord,
  authTimeSeconds: number,
): Promise<FastifyReply> {
  const url = new URL(req.redirectUri);
  if (req.responseType === "code") {
    const code = newOpaqueToken();
    await ctx.stores.authCodes.insert({
      codeHash: hashToken(code),
      poolId: req.pool.id,
      clientId: req.client.id,
      userSub: user.sub,
      redirectUri: req.redirectUri,
      scopes: req.scopes,
      codeChallenge: req.codeChallenge,
      nonce: req.nonce,
      authTime: authTimeSeconds,
      expiresAt: ctx.now() + CODE_TTL_MS,
      usedAt: null,
      originJti: null,
    });
    url.searchParams.set("code", code);
    if (req.state !== undefined) url.searchParams.set("state", req.state);
    return reply.redirect(url.href, 302);
  }
  const tokens = await issueUserTokens(ctx, {
    pool: req.pool,
    client: req.client,
    user,
    scopes: req.scopes,
    source: "TokenGeneration_HostedAuth",
    withIdToken: req.scopes.includes("openid"),
    withAtHash: true,
    nonce: req.nonce,
    authTime: authTimeSeconds,
  });
  const fragment = new URLSearchParams();
  if (tokens.idToken) fragment.set("id_token", tokens.idToken);
  fragment.set("access_token", tokens.accessToken);
  fragment.set("token_type", "Bearer");
  fragment.set("expires_in", String(tokens.expiresIn));
  if (req.state !== undefined) fragment.set("state", req.state);
  url.hash = fragment.toString();
  return reply.redirect(url.href, 302);
}
