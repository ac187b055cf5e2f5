import type { FastifyReply } from "fastify";
import type { Logger } from "../domain/context.ts";

/** OAuth 2.0 error codes the endpoints use (RFC 6749 §4.1.2.1, §5.2; RFC 7009 §2.2.1). */
export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "invalid_scope"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "unsupported_response_type"
  | "unsupported_token_type"
  | "access_denied"
  | "server_error";

/** An OAuth failure the client may see. `description` must never carry internals. */
export class OAuthError extends Error {
  readonly code: OAuthErrorCode;
  readonly description: string | undefined;
  constructor(code: OAuthErrorCode, description?: string) {
    super(description ?? code);
    this.name = "OAuthError";
    this.code = code;
    this.description = description;
  }
}

/**
 * A failure where redirecting to the client would be unsafe (unknown client, redirect URI not registered):
 * Cognito shows its own error page instead, at `/error?error=<code>&client_id=…`.
 */
export class ErrorPage extends Error {
  readonly code: "redirect_mismatch" | "invalid_client" | "invalid_request" | "unauthorized_client";
  readonly clientId: string | undefined;
  constructor(code: ErrorPage["code"], clientId: string | undefined) {
    super(code);
    this.name = "ErrorPage";
    this.code = code;
    this.clientId = clientId;
  }
}

/** Anything unexpected becomes `server_error`, logged but never described to the caller. */
export function asOAuthError(err: unknown, log: Logger): OAuthError {
  if (err instanceof OAuthError) return err;
  log.error("user-pool: unexpected error in an OAuth endpoint", err);
  return new OAuthError("server_error");
}

/** The token, revoke and similar JSON endpoints: `{error}` with 400 (401 for invalid_client at revoke). */
export function sendJsonError(reply: FastifyReply, err: OAuthError, status = 400): FastifyReply {
  // [uncertain] Cognito documents only `error`; we add `error_description` when we have one, as RFC 6749 allows.
  const body: Record<string, string> = { error: err.code };
  if (err.description) body["error_description"] = err.description;
  return reply.code(status).header("cache-control", "no-store").header("pragma", "no-cache").send(body);
}

/** Authorization errors once the redirect URI is trusted: back to the client with `error` and `state`. */
export function redirectWithError(
  reply: FastifyReply,
  redirectUri: string,
  err: OAuthError,
  state: string | undefined,
): FastifyReply {
  const url = new URL(redirectUri);
  url.searchParams.set("error", err.code);
  if (err.description) url.searchParams.set("error_description", err.description);
  if (state !== undefined) url.searchParams.set("state", state);
  return reply.redirect(url.href, 302);
}

/** Redirects to the error page; only the fixed code and the client id travel, never free text. */
export function redirectToErrorPage(reply: FastifyReply, err: ErrorPage): FastifyReply {
  const params = new URLSearchParams({ error: err.code });
  if (err.clientId) params.set("client_id", err.clientId);
  return reply.redirect(`/error?${params}`, 302);
}
