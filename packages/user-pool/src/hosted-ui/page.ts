import type { FastifyReply } from "fastify";
import { html, type SafeHtml } from "./html.ts";

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f5f7;color:#1d2330}
main{max-width:24rem;margin:8vh auto;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.4rem;margin:0 0 1.25rem}label{display:block;font-weight:600;margin:1rem 0 .25rem}
input{width:100%;padding:.6rem .7rem;border:1px solid #8a93a6;border-radius:6px;font:inherit}
input:focus{outline:3px solid #7aa7ff;outline-offset:1px}
button{margin-top:1.5rem;width:100%;padding:.7rem;border:0;border-radius:6px;background:#1f5bd8;color:#fff;font:inherit;font-weight:600;cursor:pointer}
button.secondary{background:#e8ecf4;color:#1d2330;margin-top:.75rem}
.error{background:#fdecec;border:1px solid #e0a3a3;color:#8a1c1c;padding:.6rem .8rem;border-radius:6px}
.notice{background:#eaf4ea;border:1px solid #9cc79c;color:#1f4d1f;padding:.6rem .8rem;border-radius:6px}
.hint{color:#4a5263;font-size:.9rem}p.switch{margin-top:1.25rem;text-align:center}code{font-size:1.1rem;letter-spacing:.1em}
`;

/**
 * Sends a hosted-UI page. The headers forbid framing (clickjacking), scripts of any kind, and leaking the
 * OAuth parameters through the Referer; nothing is cached because pages carry CSRF tokens.
 */
export function sendPage(reply: FastifyReply, status: number, title: string, body: SafeHtml): FastifyReply {
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${title}</h1>
${body}
</main>
</body>
</html>`;
  return reply
    .code(status)
    .header("content-type", "text/html; charset=utf-8")
    .header(
      "content-security-policy",
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
    )
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
