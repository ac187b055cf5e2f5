import type { PoolRecord } from "../domain/model.ts";
import { usesEmailAsUsername } from "../domain/pools.ts";
import { html, type SafeHtml } from "./html.ts";
import { messageBox } from "./page.ts";
import { type FormContext, passwordHint } from "./views.ts";

function csrfField(csrf: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${csrf}">`;
}

function invalid(form: FormContext): SafeHtml {
  return form.error ? html` aria-describedby="form-error" aria-invalid="true"` : html``;
}

/** Step 1: who forgot their password. */
export function forgotPasswordView(pool: PoolRecord, form: FormContext, username: string): SafeHtml {
  const emailLogin = usesEmailAsUsername(pool);
  return html`${messageBox("error", form.error)}
<p>Enter your ${emailLogin ? "email" : "username"} and we will send you a code to reset your password.</p>
<form method="post" action="${form.action("/forgotPassword")}" novalidate>
${csrfField(form.csrf)}
<label for="username">${emailLogin ? "Email" : "Username"}</label>
<input id="username" name="username" value="${username}" autocomplete="username" ${emailLogin ? html`type="email"` : html`autocapitalize="none"`} required autofocus${invalid(form)}>
<button type="submit">Send code</button>
</form>
<p class="switch"><a href="${form.action("/login")}">Back to sign in</a></p>`;
}

/** Step 2: the code and the new password. The code itself is never shown on the page. */
export function confirmForgotPasswordView(
  pool: PoolRecord,
  form: FormContext,
  input: { username: string; destination: string | undefined },
): SafeHtml {
  return html`${messageBox("notice", form.notice)}${messageBox("error", form.error)}
<p>If an account matches, we sent a code${input.destination ? html` to <strong>${input.destination}</strong>` : html``}. Enter it with your new password.</p>
<form method="post" action="${form.action("/confirmforgotPassword")}" novalidate>
${csrfField(form.csrf)}
<input type="hidden" name="username" value="${input.username}">
<label for="code">Code</label>
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required autofocus${invalid(form)}>
<label for="new-password">New password</label>
<input id="new-password" name="password" type="password" autocomplete="new-password" required aria-describedby="password-hint">
<p class="hint" id="password-hint">${passwordHint(pool)}</p>
<label for="confirm-password">Confirm new password</label>
<input id="confirm-password" name="password_confirm" type="password" autocomplete="new-password" required>
<button type="submit">Reset password</button>
</form>`;
}
