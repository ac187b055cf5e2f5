import { UserManager, WebStorageStateStore } from "oidc-client-ts";
import type { AppConfig } from "../config.ts";

/** The one path the user pool redirects back to after the hosted sign-in page. */
export const CALLBACK_PATH = "/callback";

/**
 * The OIDC client for the user pool: authorization code flow (oidc-client-ts adds PKCE), tokens
 * kept in sessionStorage so they die with the tab, and renewal through the refresh token.
 */
export function createUserManager(config: AppConfig): UserManager {
  return new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    response_type: "code",
    scope: "openid email profile",
    automaticSilentRenew: true,
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    // Cognito publishes no check_session_iframe, so there is no session to monitor.
    monitorSession: false,
  });
}

/**
 * Cognito's discovery document has no `end_session_endpoint`, so `signoutRedirect` cannot work:
 * its hosted `/logout` takes the client id and where to land afterwards instead.
 */
export function hostedLogoutUrl(config: AppConfig): string {
  return `${config.domainUrl}/logout?client_id=${encodeURIComponent(config.clientId)}&logout_uri=${encodeURIComponent(config.logoutUri)}`;
}

/** Forgets the tokens, then ends the hosted session so the next visit asks for a password again. */
export async function signOutEverywhere(userManager: UserManager, config: AppConfig): Promise<void> {
  await userManager.removeUser();
  window.location.assign(hostedLogoutUrl(config));
}

/** Where to come back to after signing in: a path inside this app, never another origin. */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//")) return "/";
  if (value.startsWith(CALLBACK_PATH)) return "/";
  return value;
}

export function currentPath(): string {
  return `${window.location.pathname}${window.location.search}${window.location.hash}`;
}
