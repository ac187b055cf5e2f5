import type { PoolContext } from "../../domain/context.ts";
import { OAuthError } from "../errors.ts";
import type { AuthorizationRequest } from "./request.ts";

/** base64url(SHA-256(verifier)) without padding is always 43 characters. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/**
 * PKCE is optional in Cognito, but when used only S256 is accepted ("plain" would let an intercepted
 * code be redeemed). A method without a challenge, or a challenge without a method, is malformed.
 */
export function checkPkce(_ctx: PoolContext, req: AuthorizationRequest): void {
  const method = req.params["code_challenge_method"];
  const challenge = req.params["code_challenge"];
  req.codeChallenge = null;
  if (req.responseType !== "code" || (method === undefined && challenge === undefined)) return;
  if (method !== "S256")
    throw new OAuthError("invalid_request", "Only S256 is supported as code_challenge_method");
  if (challenge === undefined || !S256_CHALLENGE.test(challenge))
    throw new OAuthError("invalid_request", "code_challenge must be a base64url SHA-256 digest");
  req.codeChallenge = challenge;
}
