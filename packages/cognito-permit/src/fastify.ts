import type { FastifyReply, FastifyRequest } from "fastify";
import type { IResource } from "permitio";
import type { CognitoClaims } from "./claims.ts";
import { authorize, type GuardOptions, type ResourceSpec, resolveResource, serverTiming } from "./guard.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** The verified Cognito claims, set by a Tollgate guard. */
    cognito?: CognitoClaims;
  }
}

/**
 * Fastify guards. Use as a route's `preHandler`: 401 without a valid token, 403 when Permit denies,
 * 503 when Permit cannot be reached; otherwise `request.cognito` holds the claims.
 *
 * @example
 * ```ts
 * const { requirePermission } = fastifyGuards({ verifier, permit });
 * app.delete("/api/tasks/:id", { preHandler: requirePermission("delete", "task") }, handler);
 * ```
 */
export function fastifyGuards(options: GuardOptions) {
  return {
    requirePermission(action: string, resource: ResourceSpec<FastifyRequest> | string | IResource) {
      return async (request: FastifyRequest, reply: FastifyReply) => {
        const outcome = await authorize(
          options,
          request.headers.authorization,
          action,
          resolveResource(resource, request),
        );
        if (!outcome.ok)
          return reply.code(outcome.status).send({ error: outcome.error, message: outcome.message });
        request.cognito = outcome.claims;
        reply.header("server-timing", serverTiming(outcome.timing));
      };
    },
  };
}
