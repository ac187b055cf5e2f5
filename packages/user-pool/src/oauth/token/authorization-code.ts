import { createHash } from "node:crypto";
import { CognitoError } from "../../domain/errors.ts";
import { constantTimeEqual, hashToken } from "../../domain/ids.ts";
import { issueUserTokens } from "../../domain/token-issuer.ts";
import { OAuthError } from "../errors.ts";
import type { Grant } from "./grant.ts";

/** RFC 7636: 43–128 characters of the unreserved set. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/**
 * authorization_code: the code must be this client's, unexpired, unused, redeemed with the exact
 * redirect_uri it was issued for, and (if it was issued with a challenge) with the matching PKCE
 * verifier. A replayed code also revokes the tokens its first redemption produced (RFC 6749 §4.1.2).
 */
export const authorizationCodeGrant: Grant = async (ctx, { pool, client }, body) => {
  const code = body["code"];
  const redirectUri = body["redirect_uri"];
  if (!code) throw new OAuthError("invalid_request", "code is required");
  if (!redirectUri) throw new OAuthError("invalid_request", "redirect_uri is required");
  if (!client.settings.AllowedOAuthFlows?.includes("code")) throw new OAuthError("unauthorized_client");
  const stored = await ctx.stores.authCodes.get(hashToken(code));
  if (stored === undefined || stored.clientId !== client.id) throw new OAuthError("invalid_grant");
  if (stored.usedAt !== null) {
    if (stored.originJti) await ctx.stores.refreshSessions.revoke(stored.originJti, ctx.now());
    throw new OAuthError("invalid_grant");
  }
  if (stored.expiresAt <= ctx.now()) throw new OAuthError("invalid_grant");
  if (stored.redirectUri !== redirectUri) throw new OAuthError("invalid_grant");
  if (stored.codeChallenge !== null) {
    const verifier = body["code_verifier"];
    if (!verifier || !VERIFIER.test(verifier)) throw new OAuthError("invalid_grant");
    const computed = createHash("sha256").update(verifier, "ascii").digest("base64url");
    if (!constantTimeEqual(computed, stored.codeChallenge)) throw new OAuthError("invalid_grant");
  }
  // Only now burn the code, so a wrong guess at the verifier cannot destroy the rightful client's code.
  if (!(await ctx.stores.authCodes.markUsed(stored.codeHash, ctx.now())))
    throw new OAuthError("invalid_grant");
  const user = await ctx.stores.users.bySub(pool.id, stored.userSub);
  if (user === undefined || !user.enabled) throw new OAuthError("invalid_grant");
  try {
    const tokens = await issueUserTokens(ctx, {
      pool,
      client,
      user,
      scopes: stored.scopes,
      source: "TokenGeneration_HostedAuth",
      withIdToken: stored.scopes.includes("openid"),
      withAtHash: true,
      nonce: stored.nonce,
      authTime: stored.authTime,
    });
    await ctx.stores.authCodes.setOriginJti(stored.codeHash, tokens.originJti);
    return {
      ...(tokens.idToken ? { id_token: tokens.idToken } : {}),
      access_token: tokens.accessToken,
      ...(tokens.refreshToken ? { refresh_token: tokens.refreshToken } : {}),
      expires_in: tokens.expiresIn,
      token_type: "Bearer",
    };
  } catch (err) {
    // A failing PreTokenGeneration trigger cannot be described here without leaking; Cognito says invalid_request.
    if (err instanceof CognitoError) throw new OAuthError("invalid_request", err.message);
    throw err;
  }
};
