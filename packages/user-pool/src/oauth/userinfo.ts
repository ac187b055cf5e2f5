import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { authenticateAccessToken } from "../domain/access-tokens.ts";
import { SCOPE_ATTRIBUTES } from "../domain/attributes.ts";
import type { PoolContext } from "../domain/context.ts";
import { CognitoError } from "../domain/errors.ts";

/**
 * The claims userInfo releases: `sub` and `username` always; email/phone attributes with their scopes;
 * everything else with `profile`; never more than the client may read. Values stay strings
 * ("email_verified": "true"), as Cognito returns them. [uncertain] observed, not documented.
 */
export function userInfoClaims(
  sub: string,
  username: string,
  attributes: Record<string, string>,
  scopes: string[],
  readable: string[] | undefined,
): Record<string, string> {
  const out: Record<string, string> = { sub };
  const scoped = new Set(Object.values(SCOPE_ATTRIBUTES).flat());
  for (const [name, value] of Object.entries(attributes)) {
    if (readable !== undefined && !readable.includes(name)) continue;
    const viaScope = Object.entries(SCOPE_ATTRIBUTES).some(
      ([scope, names]) => scopes.includes(scope) && names.includes(name),
    );
    if (viaScope || (!scoped.has(name) && scopes.includes("profile"))) out[name] = value;
  }
  out["username"] = username;
  return out;
}

function reject(reply: FastifyReply, status: 400 | 401, error: string, description: string): FastifyReply {
  return reply
    .code(status)
    .header("www-authenticate", `error="${error}", error_description="${description}"`)
    .send({ error, error_description: description });
}

/** GET/POST /oauth2/userInfo with a Bearer access token that carries `openid`. */
export function registerUserInfo(app: FastifyInstance, ctx: PoolContext): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) return reject(reply, 400, "invalid_request", "Bad OAuth2 request at UserInfo Endpoint");
    const revoked = "Access token is expired, disabled, or deleted, or the user has globally signed out.";
    try {
      const { user, claims } = await authenticateAccessToken(ctx, match[1]);
      const scopes = (claims.scope ?? "").split(" ");
      if (!scopes.includes("openid")) return reject(reply, 401, "invalid_token", revoked);
      const client =
        typeof claims.client_id === "string" ? await ctx.stores.clients.get(claims.client_id) : undefined;
      const readable = client?.settings.ReadAttributes?.length ? client.settings.ReadAttributes : undefined;
      return reply
        .header("content-type", "application/json;charset=UTF-8")
        .header("cache-control", "no-store")
        .send(userInfoClaims(user.sub, user.username, user.attributes, scopes, readable));
    } catch (err) {
      if (err instanceof CognitoError) return reject(reply, 401, "invalid_token", revoked);
      ctx.log.error("user-pool: unexpected error at userInfo", err);
      return reply.code(500).send({ error: "server_error" });
    }
  };
  app.get("/oauth2/userInfo", handler);
  app.post("/oauth2/userInfo", handler);
}
