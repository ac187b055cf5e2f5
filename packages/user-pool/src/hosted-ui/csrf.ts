import type { FastifyReply, FastifyRequest } from "fastify";
import type { PoolContext } from "../domain/context.ts";
import { constantTimeEqual, newOpaqueToken } from "../domain/ids.ts";
import { CSRF_COOKIE, cookieOptions } from "./cookies.ts";

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Double-submit CSRF protection: the form carries the value of an HttpOnly, SameSite cookie. A forged
 * cross-site form cannot read the cookie, so it cannot put the matching value in `_csrf`.
 */
export function issueCsrfToken(ctx: PoolContext, request: FastifyRequest, reply: FastifyReply): string {
  const existing = request.cookies[CSRF_COOKIE];
  if (existing && TOKEN.test(existing)) return existing;
  const token = newOpaqueToken();
  reply.setCookie(CSRF_COOKIE, token, cookieOptions(ctx, undefined));
  return token;
}

/** True when the posted `_csrf` equals the cookie (both present). */
export function csrfValid(request: FastifyRequest): boolean {
  const cookie = request.cookies[CSRF_COOKIE];
  const field = (request.body as Record<string, unknown> | undefined)?.["_csrf"];
  return (
    typeof cookie === "string" &&
    typeof field === "string" &&
    TOKEN.test(cookie) &&
    constantTimeEqual(cookie, field)
  );
}
