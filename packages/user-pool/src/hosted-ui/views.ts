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
    (a) => html`<div class="field"><label for="attr-${a.Name}">${label(a.Name)}</label>
<input id="attr-${a.Name}" name="attr:${a.Name}" value="${values[a.Name] ?? ""}" dir="auto" required></div>`,
  );
}

/**
 * A password input inside the box the page script adds its show/hide toggle to. Without the script it
 * is a plain password field.
 */
export function passwordInput(input: {
  id: string;
  name: string;
  autocomplete: "current-password" | "new-password";
  attributes?: SafeHtml;
}): SafeHtml {
  return html`<div class="secret"><input id="${input.id}" name="${input.name}" type="password" autocomplete="${input.autocomplete}" required${input.attributes ?? html``}></div>`;
}

export function loginView(pool: PoolRecord, form: FormContext, username: string): SafeHtml {
  const emailLogin = usesEmailAsUsername(pool);
  return html`${messageBox("notice", form.notice)}${messageBox("error", form.error)}
<form method="post" action="${form.action("/login")}" novalidate>
${csrfField(form.csrf)}
<div class="field"><label for="username">${emailLogin ? "Email" : "Username"}</label>
<input id="username" name="username" value="${username}" autocomplete="username" ${emailLogin ? html`type="email"` : html`autocapitalize="none"`} required autofocus${describedBy(form)}></div>
<div class="field"><label for="password">Password</label>
${passwordInput({ id: "password", name: "password", autocomplete: "current-password", attributes: describedBy(form) })}</div>
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
    : html`<div class="field"><label for="username">Username</label>
<input id="username" name="username" value="${values["username"] ?? ""}" autocomplete="username" autocapitalize="none" required${describedBy(form)}></div>`
}
<div class="field"><label for="email">Email</label>
<input id="email" name="email" type="email" value="${values["email"] ?? ""}" autocomplete="email"${emailLogin ? html` required` : html``}${describedBy(form)}></div>
${attributeInputs(extras, values)}
<div class="field"><label for="password">Password</label>
${passwordInput({ id: "password", name: "password", autocomplete: "new-password", attributes: html` aria-describedby="password-hint"` })}
${passwordRules(pool, "password")}</div>
<button type="submit">Sign up</button>
</form>
<p class="switch">Already have an account? <a href="${form.action("/login")}">Sign in</a></p>`;
}

/** The pool's password rules in one sentence (for plain-text contexts). */
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

/**
 * The pool's password rules as a list (id `password-hint`, for aria-describedby). The page script
 * turns it into a live checklist for the input `inputId`; without the script it reads as the rules.
 */
export function passwordRules(pool: PoolRecord, inputId: string): SafeHtml {
  const p = pool.settings.Policies.PasswordPolicy;
  const rules: [string, string, SafeHtml?][] = [
    ["length", `At least ${p.MinimumLength} characters`, html` data-min="${p.MinimumLength}"`],
  ];
  if (p.RequireLowercase) rules.push(["lower", "A lowercase letter"]);
  if (p.RequireUppercase) rules.push(["upper", "An uppercase letter"]);
  if (p.RequireNumbers) rules.push(["number", "A number"]);
  if (p.RequireSymbols) rules.push(["symbol", "A symbol (such as ! or -)"]);
  return html`<ul class="rules" id="password-hint" data-rules-for="${inputId}" aria-label="Password must have">
${rules.map(([rule, text, extra]) => html`<li data-rule="${rule}"${extra ?? html``}>${text}</li>`)}
</ul>`;
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
<div class="field"><label for="code">Confirmation code</label>
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required autofocus${describedBy(form)}></div>
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
<div class="field"><label for="new-password">New password</label>
${passwordInput({ id: "new-password", name: "password", autocomplete: "new-password", attributes: html` aria-describedby="password-hint"` })}
${passwordRules(pool, "new-password")}</div>
<div class="field"><label for="confirm-password">Confirm new password</label>
${passwordInput({ id: "confirm-password", name: "password_confirm", autocomplete: "new-password", attributes: html` aria-describedby="password-match"` })}
<ul class="rules" id="password-match" data-rules-for="confirm-password"><li data-rule="match" data-match="new-password">Both passwords match</li></ul></div>
${attributeInputs(input.missing, input.values)}
<button type="submit">Set password and sign in</button>
</form>`;
}
