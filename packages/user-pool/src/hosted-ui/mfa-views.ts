import { html, SafeHtml } from "./html.ts";
import { messageBox } from "./page.ts";
import type { FormContext } from "./views.ts";

function csrfField(csrf: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${csrf}">`;
}

function codeInput(form: FormContext): SafeHtml {
  return html`<label for="code">6-digit code from your authenticator app</label>
<input id="code" name="code" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" autocomplete="one-time-code" required autofocus${form.error ? html` aria-describedby="form-error" aria-invalid="true"` : html``}>`;
}

/** The MFA code page: after the password, when the user has a software token. */
export function mfaCodeView(form: FormContext, session: string): SafeHtml {
  return html`${messageBox("error", form.error)}
<p>Open your authenticator app and enter the code it shows for this account.</p>
<form method="post" action="${form.action("/mfa")}" novalidate>
${csrfField(form.csrf)}
<input type="hidden" name="session" value="${session}">
${codeInput(form)}
<button type="submit">Verify</button>
</form>`;
}

/**
 * TOTP setup: the QR code (inline SVG from the `qrcode` package — markup, not a fetched image, so the
 * pages' CSP needs no `img-src`), the secret for typing by hand, and the first code.
 */
export function totpSetupView(
  form: FormContext,
  input: { session: string; secret: string; qrSvg: string },
): SafeHtml {
  // The SVG is generated from the otpauth URI by the qrcode package and contains only paths.
  const qr = new SafeHtml(input.qrSvg);
  return html`${messageBox("error", form.error)}
<p>This account needs a second factor. Scan the code with an authenticator app, or type the key into it.</p>
<div role="img" aria-label="QR code for your authenticator app" style="max-width:14rem;margin:0 auto">${qr}</div>
<p class="hint">Key: <code id="totp-secret">${input.secret}</code></p>
<form method="post" action="${form.action("/mfaSetup")}" novalidate>
${csrfField(form.csrf)}
<input type="hidden" name="session" value="${input.session}">
${codeInput(form)}
<button type="submit">Turn on and sign in</button>
</form>`;
}
