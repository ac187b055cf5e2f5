import { STANDARD_SCOPES } from "../../domain/clients.ts";
import { issueClientCredentialsToken } from "../../domain/token-issuer.ts";
import { OAuthError } from "../errors.ts";
import type { Grant } from "./grant.ts";

/**
 * client_credentials: only confidential clients with the flow enabled; scopes are the client's custom
 * (resource-server) scopes, all of them when none are requested.
 */
export const clientCredentialsGrant: Grant = async (ctx, { pool, client, confidential }, body) => {
  if (
    !confidential ||
    !client.settings.AllowedOAuthFlows?.includes("client_credentials") ||
    !client.settings.AllowedOAuthFlowsUserPoolClient
  )
    throw new OAuthError("unauthorized_client");
  const allowed = (client.settings.AllowedOAuthScopes ?? []).filter((s) => !STANDARD_SCOPES.includes(s));
  const requested = body["scope"]?.split(/\s+/).filter(Boolean) ?? allowed;
  if (requested.length === 0 || requested.some((s) => !allowed.includes(s)))
    throw new OAuthError("invalid_scope");
  const { accessToken, expiresIn } = await issueClientCredentialsToken(ctx, pool, client, [
    ...new Set(requested),
  ]);
  return { access_token: accessToken, expires_in: expiresIn, token_type: "Bearer" };
};
