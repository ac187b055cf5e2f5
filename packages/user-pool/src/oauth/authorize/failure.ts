import type { FastifyReply } from "fastify";
import type { PoolContext } from "../../domain/context.ts";
import { asOAuthError, ErrorPage, OAuthError, redirectToErrorPage, redirectWithError } from "../errors.ts";

/**
 * Where a failed authorization goes. The steps throw OAuthError only after the redirect URI has been
 * matched against the client's CallbackURLs, so OAuthError may redirect; ErrorPage, or anything that
 * failed before the URI was trusted, shows the error page.
 */
export function renderAuthorizationFailure(
  ctx: PoolContext,
  reply: FastifyReply,
  err: unknown,
  params: Record<string, string>,
  trustedRedirectUri: string | undefined,
): FastifyReply {
  if (err instanceof ErrorPage) return redirectToErrorPage(reply, err);
  const redirectUri =
    err instanceof OAuthError ? (trustedRedirectUri ?? params["redirect_uri"]) : trustedRedirectUri;
  if (redirectUri === undefined) {
    asOAuthError(err, ctx.log);
    return redirectToErrorPage(reply, new ErrorPage("invalid_request", params["client_id"]));
  }
  return redirectWithError(reply, redirectUri, asOAuthError(err, ctx.log), params["state"]);
}
