import type { PoolContext } from "../../domain/context.ts";
import { OAuthError } from "../errors.ts";
import type { AuthorizationRequest } from "./request.ts";

const NEED_OPENID = ["email", "phone", "profile"];

/**
 * No `scope` grants every scope enabled on the client. Requested scopes the client does not allow are
 * dropped, as Cognito documents; if nothing is left, or email/phone/profile come without openid, the
 * request is `invalid_scope`. [uncertain] Cognito's exact answer for the latter is undocumented.
 */
export function checkScope(_ctx: PoolContext, req: AuthorizationRequest): void {
  const allowed = req.client?.settings.AllowedOAuthScopes ?? [];
  const raw = req.params["scope"];
  const requested = raw === undefined ? allowed : raw.split(/[\s+]+/).filter(Boolean);
  const granted = [...new Set(requested.filter((s) => allowed.includes(s)))];
  if (granted.length === 0) throw new OAuthError("invalid_scope");
  if (!granted.includes("openid") && granted.some((s) => NEED_OPENID.includes(s)))
    throw new OAuthError("invalid_scope", "email, phone and profile require openid");
  req.scopes = granted;
}
