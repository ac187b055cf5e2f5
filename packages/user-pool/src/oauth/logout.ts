import type { FastifyInstance } from "fastify";
import type { PoolContext } from "../domain/context.ts";
import { endLoginSession } from "../domain/login-sessions.ts";
import { cookieOptions, SESSION_COOKIE } from "../hosted-ui/cookies.ts";
import { singleParams } from "./authorize/request.ts";
import { ErrorPage, redirectToErrorPage } from "./errors.ts";

/**
 * GET /logout, Cognito's two forms: `client_id` + `logout_uri` (one of the client's LogoutURLs) ends
 * the session and goes there; `client_id` + `redirect_uri` + `response_type` (a callback URL) ends it
 * and restarts sign-in at /login. Any other target shows the error page: no open redirects.
 */
export function registerLogout(app: FastifyInstance, ctx: PoolContext): void {
  app.get("/logout", async (request, reply) => {
    const { params, repeated } = singleParams(request.query);
    const clientId = params["client_id"];
    const client = clientId && repeated.length === 0 ? await ctx.stores.clients.get(clientId) : undefined;
    if (client === undefined) return redirectToErrorPage(reply, new ErrorPage("invalid_request", clientId));
    const logoutUri = params["logout_uri"];
    const redirectUri = params["redirect_uri"];
    let target: string;
    if (logoutUri !== undefined) {
      if (!client.settings.LogoutURLs?.includes(logoutUri))
        return redirectToErrorPage(reply, new ErrorPage("redirect_mismatch", client.id));
      target = logoutUri;
    } else if (redirectUri !== undefined && params["response_type"]) {
      if (!client.settings.CallbackURLs?.includes(redirectUri))
        return redirectToErrorPage(reply, new ErrorPage("redirect_mismatch", client.id));
      const next = new URLSearchParams({
        client_id: client.id,
        redirect_uri: redirectUri,
        response_type: params["response_type"],
      });
      for (const key of ["state", "scope", "code_challenge", "code_challenge_method", "nonce"]) {
        const value = params[key];
        if (value !== undefined) next.set(key, value);
      }
      target = `/login?${next}`;
    } else {
      return redirectToErrorPage(reply, new ErrorPage("invalid_request", client.id));
    }
    await endLoginSession(ctx, request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, cookieOptions(ctx, undefined));
    return reply.redirect(target, 302);
  });
}
