import type { FastifyRequest } from "fastify";
import type { PoolContext } from "../domain/context.ts";
import { constantTimeEqual } from "../domain/ids.ts";
import type { ClientRecord, PoolRecord } from "../domain/model.ts";
import { OAuthError } from "./errors.ts";

/** The client a token-endpoint request is from, and whether it proved its secret. */
export interface AuthenticatedClient {
  pool: PoolRecord;
  client: ClientRecord;
  confidential: boolean;
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  if (!header?.toLowerCase().startsWith("basic ")) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) throw new OAuthError("invalid_client");
  // RFC 6749 §2.3.1: both halves are form-encoded before base64.
  const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, " "));
  try {
    return { id: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) };
  } catch {
    throw new OAuthError("invalid_client");
  }
}

/**
 * client_secret_basic, client_secret_post, or (for clients without a secret) just `client_id`. A client
 * that has a secret must present it; the comparison is constant-time.
 */
export async function authenticateClient(
  ctx: PoolContext,
  request: FastifyRequest,
  body: Record<string, string>,
): Promise<AuthenticatedClient> {
  const basic = basicCredentials(request.headers.authorization);
  if (basic && body["client_id"] !== undefined && body["client_id"] !== basic.id)
    throw new OAuthError("invalid_request", "client_id does not match the Authorization header");
  const id = basic?.id ?? body["client_id"];
  const secret = basic?.secret ?? body["client_secret"];
  if (!id) throw new OAuthError("invalid_client");
  const client = await ctx.stores.clients.get(id);
  const pool = client && (await ctx.stores.pools.get(client.poolId));
  if (client === undefined || pool === undefined) throw new OAuthError("invalid_client");
  if (client.secret === null) {
    if (secret !== undefined && secret !== "") throw new OAuthError("invalid_client");
    return { pool, client, confidential: false };
  }
  if (secret === undefined || !constantTimeEqual(secret, client.secret))
    throw new OAuthError("invalid_client");
  return { pool, client, confidential: true };
}
