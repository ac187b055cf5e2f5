import type { FastifyReply, FastifyRequest } from "fastify";
import { epochSeconds } from "../domain/clock.ts";
import type { PoolContext } from "../domain/context.ts";
import { CognitoError } from "../domain/errors.ts";
import { endLoginSession, LOGIN_SESSION_TTL_MS, startLoginSession } from "../domain/login-sessions.ts";
import type { UserRecord } from "../domain/model.ts";
import { renderAuthorizationFailure } from "../oauth/authorize/failure.ts";
import type { ValidAuthorizationRequest } from "../oauth/authorize/request.ts";
import { singleParams } from "../oauth/authorize/request.ts";
import { respondToAuthorization } from "../oauth/authorize/respond.ts";
import { validateAuthorizationRequest } from "../oauth/authorize/validate.ts";
import { runPostAuthentication } from "../triggers/events.ts";
import { cookieOptions, SESSION_COOKIE } from "./cookies.ts";
import { csrfValid, issueCsrfToken } from "./csrf.ts";
import { allowFormRedirect } from "./form-action.ts";
import { html } from "./html.ts";
import { sendPage, showAppName } from "./page.ts";
import type { FormContext } from "./views.ts";

/** A hosted page's view of the request: the OAuth params it carries and the validated authorization. */
export interface HostedRequest {
  params: Record<string, string>;
  authz: ValidAuthorizationRequest;
  form: (extra?: { error?: string | undefined; notice?: string | undefined }) => FormContext;
  body: Record<string, string>;
}

/**
 * Every hosted page continues an authorization request, so it re-runs the same authorize steps on the
 * params it carries in its URL: a page can never be used to reach an unregistered redirect URI.
 * POSTs must pass the CSRF check before anything else happens.
 */
export async function withHostedRequest(
  ctx: PoolContext,
  request: FastifyRequest,
  reply: FastifyReply,
  handle: (h: HostedRequest) => Promise<FastifyReply>,
): Promise<FastifyReply> {
  const { params, repeated } = singleParams(request.query);
  if (request.method === "POST" && !csrfValid(request)) {
    return sendPage(
      reply,
      403,
      "Session expired",
      html`<p class="error" role="alert">This form has expired or was not sent from this site. Please go back and try again.</p>`,
    );
  }
  let trusted: string | undefined;
  try {
    const authz = await validateAuthorizationRequest(ctx, params, repeated);
    trusted = authz.redirectUri;
    showAppName(reply, authz.client.name);
    allowFormRedirect(request, authz.redirectUri);
    const csrf = issueCsrfToken(ctx, request, reply);
    const query = new URLSearchParams(params).toString();
    const body = Object.fromEntries(
      Object.entries((request.body ?? {}) as Record<string, unknown>).filter(
        (e): e is [string, string] => typeof e[1] === "string",
      ),
    );
    return await handle({
      params,
      authz,
      body,
      form: (extra) => ({ action: (path) => `${path}?${query}`, csrf, ...extra }),
    });
  } catch (err) {
    return renderAuthorizationFailure(ctx, reply, err, params, trusted);
  }
}

/**
 * The end of every successful hosted sign-in: PostAuthentication, a fresh session cookie (the old
 * session is dropped, so a planted cookie cannot be promoted), then the code or tokens go back to the app.
 */
export async function finishHostedSignIn(
  ctx: PoolContext,
  request: FastifyRequest,
  reply: FastifyReply,
  authz: ValidAuthorizationRequest,
  user: UserRecord,
): Promise<FastifyReply> {
  await runPostAuthentication(ctx, authz.pool, {
    user,
    clientId: authz.client.id,
    clientMetadata: undefined,
  });
  await endLoginSession(ctx, request.cookies[SESSION_COOKIE]);
  const authTime = epochSeconds(ctx.now());
  const session = await startLoginSession(ctx, user, authTime);
  reply.setCookie(SESSION_COOKIE, session, cookieOptions(ctx, LOGIN_SESSION_TTL_MS / 1000));
  return respondToAuthorization(ctx, reply, authz, user, authTime);
}

/** Messages a page may show: Cognito's own (written for end users); anything else stays in the log. */
export function pageMessage(ctx: PoolContext, err: unknown): string {
  if (err instanceof CognitoError) return err.message;
  ctx.log.error("user-pool: unexpected error on a hosted page", err);
  return "Something went wrong. Please try again.";
}
