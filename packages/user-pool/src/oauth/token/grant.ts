import type { PoolContext } from "../../domain/context.ts";
import type { AuthenticatedClient } from "../client-auth.ts";

/** The JSON a successful token request answers with. */
export interface TokenResponse {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  token_type: "Bearer";
  expires_in: number;
}

/** One grant type: the authenticated client and the form body in, tokens out (or an OAuthError thrown). */
export type Grant = (
  ctx: PoolContext,
  client: AuthenticatedClient,
  body: Record<string, string>,
) => Promise<TokenResponse>;
