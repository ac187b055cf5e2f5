import { allowsAuthFlow } from "../../domain/clients.ts";
import { CognitoError } from "../../domain/errors.ts";
import { refreshTokens } from "../../domain/refresh.ts";
import { OAuthError } from "../errors.ts";
import type { Grant } from "./grant.ts";

/**
 * refresh_token: new access and ID tokens on the same `origin_jti`; no new refresh token (Tollgate does
 * not implement rotation). Revoked, expired, foreign or unknown tokens, and disabled users, are
 * `invalid_grant`.
 */
export const refreshTokenGrant: Grant = async (ctx, { client }, body) => {
  const token = body["refresh_token"];
  if (!token) throw new OAuthError("invalid_request", "refresh_token is required");
  if (!allowsAuthFlow(client, "REFRESH_TOKEN_AUTH")) throw new OAuthError("unauthorized_client");
  try {
    const tokens = await refreshTokens(ctx, client, token, {
      // Hosted-UI chains get an ID token only with openid; native-API chains always had one.
      withIdToken: (scopes) =>
        scopes.includes("openid") || !scopes.some((s) => s !== "aws.cognito.signin.user.admin"),
    });
    return {
      ...(tokens.idToken ? { id_token: tokens.idToken } : {}),
      access_token: tokens.accessToken,
      expires_in: tokens.expiresIn,
      token_type: "Bearer",
    };
  } catch (err) {
    if (err instanceof CognitoError && err.type === "NotAuthorizedException")
      throw new OAuthError("invalid_grant");
    if (err instanceof CognitoError) throw new OAuthError("invalid_request", err.message);
    throw err;
  }
};
