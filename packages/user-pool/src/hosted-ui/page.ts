import type { FastifyReply } from "fastify";
import { ASSET_PATH, ASSET_VERSION } from "./assets.ts";
import { html, type SafeHtml } from "./html.ts";

/**
 * The app a page signs the user in to, set once per request by the hosted flow (so every page, old or
 * new, shows it without passing it through each view). Pages outside a flow (the error page) show
 * the product name.
 */
const appNames = new WeakMap<FastifyReply, string>();
const PRODUCT = "Tollgate";

export function showAppName(reply: FastifyReply, name: string): void {
  if (name.trim()) appNames.set(reply, name.trim());
}

/** The mark beside the app's name; inline, so it needs no image source in the CSP. */
const LOGO = html`<svg viewBox="0 0 32 32" aria-hidden="true" focusable="false"><rect x="1" y="1" width="30" height="30" rx="8" fill="#4338ca"/><path d="M9 23V11m14 12V11M9 11h14" stroke="#fff" stroke-width="2.5" stroke-linecap="round" fill="none"/><path d="m12.5 17 2.5 2.5 4.5-5" stroke="#fff" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round" fill="none"/></svg>`;

/**
 * Scripts and styles only from the pool's own origin (the show-password toggle and the password
 * checklist are a same-origin file; the forms work without it), images also as data: URLs (a TOTP
 * set-up page's QR code), no framing (clickjacking), no Referer (it would leak the OAuth parameters).
 */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'";

/**
 * Sends a hosted-UI page. Nothing is cached because pages carry CSRF tokens.
 */
export function sendPage(reply: FastifyReply, status: number, title: string, body: SafeHtml): FastifyReply {
  const app = appNames.get(reply) ?? PRODUCT;
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${title} · ${app}</title>
<link rel="stylesheet" href="${ASSET_PATH}/page.css?v=${ASSET_VERSION["page.css"]}">
<script src="${ASSET_PATH}/page.js?v=${ASSET_VERSION["page.js"]}" defer></script>
</head>
<body>
<div class="shell">
<header class="brand" data-testid="app-name">${LOGO}<span>${app}</span></header>
<main>
<h1>${title}</h1>
${body}
</main>
<footer class="foot">Secured by ${PRODUCT}</footer>
</div>
</body>
</html>`;
  return reply
    .code(status)
    .header("content-type", "text/html; charset=utf-8")
    .header("content-security-policy", CSP)
    .header("x-frame-options", "DENY")
    .header("x-content-type-options", "nosniff")
    .header("referrer-policy", "no-referrer")
    .header("cache-control", "no-store")
    .send(page.value);
}

/** A message box for errors (announced by screen readers) or notices. */
export function messageBox(kind: "error" | "notice", text: string | undefined): SafeHtml {
  if (!text) return html``;
  return kind === "error"
    ? html`<p class="error" role="alert" id="form-error">${text}</p>`
    : html`<p class="notice" role="status">${text}</p>`;
}
