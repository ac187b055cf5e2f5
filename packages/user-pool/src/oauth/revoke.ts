import type { FastifyInstance } from "fastify";
import type { PoolContext } from "../domain/context.ts";
import { revokeRefreshToken } from "../domain/refresh.ts";
import { authenticateClient } from "./client-auth.ts";
import { asOAuthError, OAuthError, sendJsonError } from "./errors.ts";

/**
 * POST /oauth2/revoke: revokes a refresh token and every access token minted from it. Unknown or already
 * revoked tokens still get 200 with an empty body (RFC 7009), so the endpoint is no token oracle.
 */
export function registerRevoke(app: FastifyInstance, ctx: PoolContext): void {
  app.post("/oauth2/revoke", async (request, reply) => {
    try {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const form = Object.fromEntries(
        Object.entries(body).filter((e): e is [string, string] => typeof e[1] === "string"),
      );
      const token = form["token"];
      if (!token) throw new OAuthError("invalid_request");
      let client: Awaited<ReturnType<typeof authenticateClient>>["client"];
      try {
        ({ client } = await authenticateClient(ctx, request, form));
      } catch (err) {
        if (err instanceof OAuthError && err.code === "invalid_client") return sendJsonError(reply, err, 401);
        throw err;
      }
      if (!client.settings.EnableTokenRevocation)
        throw new OAuthError("invalid_request", "Token revocation is disabled for this client");
      if (token.split(".").length === 3) throw new OAuthError("unsupported_token_type");
      await revokeRefreshToken(ctx, client, token);
      return reply.code(200).header("cache-control", "no-store").send("");
    } catch (err) {
      return sendJsonError(reply, asOAuthError(err, ctx.log));
    }
  });
}
