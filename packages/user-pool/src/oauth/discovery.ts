import type { FastifyInstance } from "fastify";
import { issuerOf, type PoolContext } from "../domain/context.ts";

/**
 * Per-pool OIDC discovery and JWKS under the issuer, `/<poolId>/.well-known/…`. The hosted-UI endpoints
 * live on the same origin (Cognito puts them on the pool's domain).
 */
export function registerDiscovery(app: FastifyInstance, ctx: PoolContext): void {
  app.get<{ Params: { poolId: string } }>(
    "/:poolId/.well-known/openid-configuration",
    async (request, reply) => {
      const pool = await ctx.stores.pools.get(request.params.poolId);
      if (pool === undefined)
        return reply.code(404).send({ message: `User pool ${request.params.poolId} does not exist.` });
      const base = ctx.baseUrl();
      const issuer = issuerOf(ctx, pool.id);
      return reply.header("cache-control", "public, max-age=300").send({
        authorization_endpoint: `${base}/oauth2/authorize`,
        end_session_endpoint: `${base}/logout`,
        id_token_signing_alg_values_supported: ["RS256"],
        issuer,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        response_types_supported: ["code", "token"],
        revocation_endpoint: `${base}/oauth2/revoke`,
        scopes_supported: ["openid", "email", "phone", "profile"],
        subject_types_supported: ["public"],
        token_endpoint: `${base}/oauth2/token`,
        token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
        userinfo_endpoint: `${base}/oauth2/userInfo`,
      });
    },
  );

  app.get<{ Params: { poolId: string } }>("/:poolId/.well-known/jwks.json", async (request, reply) => {
    const pool = await ctx.stores.pools.get(request.params.poolId);
    if (pool === undefined)
      return reply.code(404).send({ message: `User pool ${request.params.poolId} does not exist.` });
    return reply.header("cache-control", "public, max-age=3600").send(ctx.keys.jwks());
  });
}
