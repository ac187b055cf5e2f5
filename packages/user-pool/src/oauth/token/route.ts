import type { FastifyInstance } from "fastify";
import type { PoolContext } from "../../domain/context.ts";
import { rateLimited } from "../../rate-limits.ts";
import { authenticateClient } from "../client-auth.ts";
import { asOAuthError, OAuthError, sendJsonError } from "../errors.ts";
import { authorizationCodeGrant } from "./authorization-code.ts";
import { clientCredentialsGrant } from "./client-credentials.ts";
import type { Grant } from "./grant.ts";
import { refreshTokenGrant } from "./refresh-token.ts";

/** Grant types by their `grant_type` name. */
export const GRANTS: Record<string, Grant> = {
  authorization_code: authorizationCodeGrant,
  refresh_token: refreshTokenGrant,
  client_credentials: clientCredentialsGrant,
};

/** Form fields as single strings; a repeated field makes the request malformed (RFC 6749 §3.2). */
function formBody(raw: unknown): Record<string, string> {
  if (raw === null || typeof raw !== "object")
    throw new OAuthError("invalid_request", "Expected a form body");
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== "string") throw new OAuthError("invalid_request", `Repeated parameter: ${k}`);
    out[k] = v;
  }
  return out;
}

/**
 * POST /oauth2/token: parse the form, authenticate the client, hand over to the named grant.
 * Every failure is `{error}` JSON with 400, the way Cognito answers.
 */
export function registerToken(app: FastifyInstance, ctx: PoolContext): void {
  app.post("/oauth2/token", async (request, reply) => {
    try {
      const type = String(request.headers["content-type"] ?? "")
        .split(";")[0]
        ?.trim()
        .toLowerCase();
      if (type !== "application/x-www-form-urlencoded")
        throw new OAuthError("invalid_request", "Content-Type must be application/x-www-form-urlencoded");
      const body = formBody(request.body);
      const retryAfter = await rateLimited(request, "token", body["client_id"] ?? "");
      if (retryAfter !== undefined)
        return reply
          .code(429)
          .header("retry-after", String(retryAfter))
          .header("cache-control", "no-store")
          .send({ error: "slow_down", error_description: "Too many requests; retry later." });
      const grantType = body["grant_type"];
      if (!grantType) throw new OAuthError("invalid_request", "grant_type is required");
      const grant = Object.hasOwn(GRANTS, grantType) ? GRANTS[grantType] : undefined;
      if (grant === undefined) throw new OAuthError("unsupported_grant_type");
      const client = await authenticateClient(ctx, request, body);
      const tokens = await grant(ctx, client, body);
      return reply.header("cache-control", "no-store").header("pragma", "no-cache").send(tokens);
    } catch (err) {
      return sendJsonError(reply, asOAuthError(err, ctx.log));
    }
  });
}
