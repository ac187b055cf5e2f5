import type { FastifyInstance, FastifyRequest } from "fastify";

const targets = new WeakMap<FastifyRequest, string>();

/**
 * The CSP source that lets a form's submission end at `redirectUri`: the sign-in forms post to the
 * pool, which answers with a redirect to the app, and browsers check `form-action` on that redirect
 * too. Exact URL for http(s) (CSP ignores the path after a redirect, but says what is meant); the
 * scheme alone for custom schemes (`myapp:`). Anything CSP cannot express safely is dropped.
 */
export function formActionSource(redirectUri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return undefined;
  }
  const source =
    url.protocol === "http:" || url.protocol === "https:" ? `${url.origin}${url.pathname}` : url.protocol;
  return /^[\x21-\x7e]+$/.test(source) && !/[;,'"]/.test(source) ? source : undefined;
}

/** Remembers where this request's forms may end up (its validated redirect URI). */
export function allowFormRedirect(request: FastifyRequest, redirectUri: string): void {
  const source = formActionSource(redirectUri);
  if (source !== undefined) targets.set(request, source);
}

/**
 * Adds `form-action 'self'` (plus the request's redirect target) to every hosted page's CSP, so an
 * injected or tampered form cannot post credentials anywhere else.
 */
export function registerFormActionPolicy(app: FastifyInstance): void {
  app.addHook("onSend", async (request, reply, payload) => {
    const csp = reply.getHeader("content-security-policy");
    if (typeof csp !== "string" || csp.includes("form-action")) return payload;
    const extra = targets.get(request);
    reply.header("content-security-policy", `${csp}; form-action 'self'${extra ? ` ${extra}` : ""}`);
    return payload;
  });
}
