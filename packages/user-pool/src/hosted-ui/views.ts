import type { PoolRecord, SchemaAttribute } from "../domain/model.ts";
import { usesEmailAsUsername } from "../domain/pools.ts";
import { html, type SafeHtml } from "./html.ts";
import { messageBox } from "./page.ts";

/** What every form page needs: where to post (with the OAuth params) and the CSRF token. */
export interface FormContext {
  action: (path: string) => string;
  csrf: string;
  error?: string | undefined;
  notice?: string | undefined;
}

function csrfField(csrf: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${csrf}">`;
}

function describedBy(form: FormContext): SafeHtml {
  return form.error ? html` aria-describedby="form-error" aria-invalid="true"` : html``;
}

const LABELS: Record<string, string> = {
  name: "Full name",
  given_name: "Given name",
  family_name: "Family name",
  phone_number: "Phone number",
  preferred_username: "Preferred username",
  birthdate: "Birth date",
};

function label(attr: string): string {
  return LABELS[attr] ?? attr.replace(/^custom:/, "").replace(/_/g, " ");
}

/** Required attributes other than the ones a page asks for anyway. */
export function extraRequiredAttributes(pool: PoolRecord, skip: string[]): SchemaAttribute[] {
  return pool.settings.SchemaAttributes.filter(
    (a) => a.Required && a.Name !== "sub" && !skip.includes(a.Name),
  );
}

function attributeInputs(attrs: SchemaAttribute[], values: Record<string, string>): SafeHtml[] {
  return attrs.map(
    (a) => html`<label for="attr-${a.Name}">${label(a.Name)}</label>
<input id="attr-${a.Name}" name="attr:${a.Name}" value="${values[a.Name] ?? ""}" required>`,
  );
}

export function loginView(pool: PoolRecord, form: FormContext, username: string): SafeHtml {
  const emailLogin = usesEmailAsUsername(pool);
  return html`${messageBox("notice", form.notice)}${messageBox("error", form.error)}
<form method="post" action="${form.action("/login")}" novalidate>
${csrfField(form.csrf)}
<label for="username">${emailLogin ? "Email" : "Username"}</label>
<input id="username" name="username" value="${username}" autocomplete="username" ${emailLogin ? html`type="email"` : html`autocapitalize="none"`} required autofocus${describedBy(form)}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${describedBy(form)}>
<button type="submit">Sign in</button>
</form>
<p class="switch"><a href="${form.action("/forgotPassword")}">Forgot your password?</a></p>
<p class="switch">Need an account? <a href="${form.action("/signup")}">Sign up</a></p>`;
}

export function signupView(pool: PoolRecord, form: FormContext, values: Record<string, string>): SafeHtml {
  const emailLogin = usesEmailAsUsername(pool);
  const extras = extraRequiredAttributes(pool, ["email"]);
  return html`${messageBox("error", form.error)}
<form method="post" action="${form.action("/signup")}" novalidate>
${csrfField(form.csrf)}
${
  emailLogin
    ? html``
    : html`<label for="username">Username</label>
<input id="username" name="username" value="${values["username"] ?? ""}" autocomplete="username" autocapitalize="none" required${describedBy(form)}>`
}
<label for="email">Email</label>
<input id="email" name="email" type="email" value="${values["email"] ?? ""}" autocomplete="email"${emailLogin ? html` required` : html``}${describedBy(form)}>
${attributeInputs(extras, values)}
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="new-password" required aria-describedby="password-hint">
<p class="hint" id="password-hint">${passwordHint(pool)}</p>
<button type="submit">Sign up</button>
</form>
<p class="switch">Already have an account? <a href="${form.action("/login")}">Sign in</a></p>`;
}

export function passwordHint(pool: PoolRecord): string {
  const p = pool.settings.Policies.PasswordPolicy;
  const needs = [
    p.RequireLowercase && "a lowercase letter",
    p.RequireUppercase && "an uppercase letter",
    p.RequireNumbers && "a number",
    p.RequireSymbols && "a symbol",
  ].filter(Boolean);
  return `At least ${p.MinimumLength} characters${needs.length ? `, with ${needs.join(", ")}` : ""}.`;
}

export function confirmView(
  form: FormContext,
  input: {
    username: string;
    session: string | undefined;
    destination: string | undefined;
    localCode: string | undefined;
  },
): SafeHtml {
  return html`${messageBox("notice", form.notice)}${messageBox("error", form.error)}
<p>We sent a confirmation code${input.destination ? html` to <strong>${input.destination}</strong>` : html``}.</p>
${input.localCode ? html`<p class="notice" role="status">Local mode, no mail is sent: your code is <code id="local-code">${input.localCode}</code></p>` : html``}
<form method="post" action="${form.action("/confirmUser")}" novalidate>
${csrfField(form.csrf)}
<input type="hidden" name="username" value="${input.username}">
${input.session ? html`<input type="hidden" name="session" value="${input.session}">` : html``}
<label for="code">Confirmation code</label>
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required autofocus${describedBy(form)}>
<button type="submit" name="action" value="confirm">Confirm account</button>
<button type="submit" name="action" value="resend" class="secondary" formnovalidate>Send a new code</button>
</form>`;
}

export function newPasswordView(
  pool: PoolRecord,
  form: FormContext,
  input: { username: string; session: string; missing: SchemaAttribute[]; values: Record<string, string> },
): SafeHtml {
  return html`${messageBox("error", form.error)}
<p>Please choose a new password to replace your temporary one.</p>
<form method="post" action="${form.action("/newPassword")}" novalidate>
${csrfField(form.csrf)}
<input type="hidden" name="username" value="${input.username}">
<input type="hidden" name="session" value="${input.session}">
<label for="new-password">New password</label>
<input id="new-password" name="password" type="password" autocomplete="new-password" required aria-describedby="password-hint">
<p class="hint" id="password-hint">${passwordHint(pool)}</p>
<label for="confirm-password">Confirm new password</label>
<input id="confirm-password" name="password_confirm" type="password" autocomplete="new-password" required>
${attributeInputs(input.missing, input.values)}
<button type="submit">Set password and sign in</button>
</form>`;
}
