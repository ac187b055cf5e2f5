import type { FastifyInstance } from "fastify";
import type { PoolContext } from "../../domain/context.ts";
import { resumeLoginSession } from "../../domain/login-sessions.ts";
import { SESSION_COOKIE } from "../../hosted-ui/cookies.ts";
import { renderAuthorizationFailure } from "./failure.ts";
import { singleParams } from "./request.ts";
import { respondToAuthorization } from "./respond.ts";
import { validateAuthorizationRequest } from "./validate.ts";

/**
 * GET /oauth2/authorize: validate, then either answer at once from a live hosted-UI session (silent
 * sign-in) or send the browser to /login with the same parameters.
 */
export function registerAuthorize(app: FastifyInstance, ctx: PoolContext): void {
  app.get("/oauth2/authorize", async (request, reply) => {
    const { params, repeated } = singleParams(request.query);
    let trusted: string | undefined;
    try {
      const req = await validateAuthorizationRequest(ctx, params, repeated);
      trusted = req.redirectUri;
      const session = await resumeLoginSession(ctx, req.pool.id, request.cookies[SESSION_COOKIE]);
      if (session) return await respondToAuthorization(ctx, reply, req, session.user, session.authTime);
      return reply.redirect(`/login?${new URLSearchParams(params)}`, 302);
    } catch (err) {
      return renderAuthorizationFailure(ctx, reply, err, params, trusted);
    }
  });
}
