import type { IResource } from "permitio";
import type { CognitoClaims } from "./claims.ts";
import { authorize, type GuardOptions, type ResourceSpec, resolveResource } from "./guard.ts";

/** The parts of Express's request and response a guard uses (no dependency on express itself). */
export interface ExpressLikeRequest {
  headers: { authorization?: string | undefined };
  cognito?: CognitoClaims;
}
export interface ExpressLikeResponse {
  status(code: number): { json(body: unknown): unknown };
}
export type NextFunction = (err?: unknown) => void;

/**
 * Express guards, the same decisions as the Fastify ones.
 *
 * @example
 * ```ts
 * const { requirePermission } = expressGuards({ verifier, permit });
 * app.delete("/api/tasks/:id", requirePermission("delete", "task"), handler); // req.cognito.sub
 * ```
 */
export function expressGuards(options: GuardOptions) {
  return {
    requirePermission<Req extends ExpressLikeRequest>(
      action: string,
      resource: ResourceSpec<Req> | string | IResource,
    ) {
      return (req: Req, res: ExpressLikeResponse, next: NextFunction) => {
        authorize(options, req.headers.authorization, action, resolveResource(resource, req)).then(
          (outcome) => {
            if (!outcome.ok) {
              res.status(outcome.status).json({ error: outcome.error, message: outcome.message });
              return;
            }
            req.cognito = outcome.claims;
            next();
          },
          next,
        );
      };
    },
  };
}
