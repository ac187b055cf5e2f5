import type { CookieSerializeOptions } from "@fastify/cookie";
import type { PoolContext } from "../domain/context.ts";

/** Cognito's managed-login session cookie is named `cognito`; we keep the name. */
export const SESSION_COOKIE = "cognito";

/** The CSRF cookie of the double-submit pattern; Cognito's hosted UI uses the same name. */
export const CSRF_COOKIE = "XSRF-TOKEN";

/**
 * HttpOnly (scripts never need them), SameSite=Lax (sent on the top-level redirect back from the app,
 * not on cross-site POSTs), Secure whenever the public URL is https.
 */
export function cookieOptions(ctx: PoolContext, maxAgeSeconds: number | undefined): CookieSerializeOptions {
  return {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: ctx.baseUrl().startsWith("https:"),
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  };
}
