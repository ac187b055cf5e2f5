import type { ApiErrorBody } from "@tollgate/contracts";
import type { User, UserManager } from "oidc-client-ts";
import { CALLBACK_PATH, currentPath, safeReturnPath } from "./user-manager.ts";

/** How the page load ended up, before the app proper renders. */
export type SessionStart =
  | { kind: "signed-in"; user: User; warning?: string }
  | { kind: "redirecting" }
  | { kind: "removed" }
  | { kind: "failed"; message: string };

type SyncOutcome = { kind: "ok" } | { kind: "removed" } | { kind: "warning"; message: string };

/**
 * Tells the server a sign-in happened so it copies the user and their group into Permit (the
 * tutorial's step 2.2). A failure other than "removed" does not stop the app: the user keeps
 * whatever permissions Permit already has for them.
 */
export async function syncUser(accessToken: string): Promise<SyncOutcome> {
  try {
    const res = await fetch("/api/sync", {
      method: "POST",
      headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" },
    });
    if (res.ok) return { kind: "ok" };
    const body = (await res.json().catch(() => ({}))) as Partial<ApiErrorBody>;
    if (res.status === 401 && body.error === "user_removed") return { kind: "removed" };
    return {
      kind: "warning",
      message:
        res.status === 503
          ? "Authorization service unavailable: your permissions could not be refreshed at sign-in and may be out of date."
          : `Your account could not be synced at sign-in (HTTP ${res.status}); your permissions may be out of date.`,
    };
  } catch {
    return {
      kind: "warning",
      message: "The server could not be reached to sync your account; your permissions may be out of date.",
    };
  }
}

function messageOf(err: unknown): string {
  const e = err as { error_description?: string; message?: string };
  return e.error_description ?? e.message ?? String(err);
}

/** Finishes the code flow on `/callback`, cleans the URL, and syncs the user. */
async function finishSignIn(userManager: UserManager): Promise<SessionStart> {
  let user: User;
  try {
    user = await userManager.signinRedirectCallback();
  } catch (err) {
    // A reloaded or bookmarked /callback has no matching state; a live session still counts.
    window.history.replaceState(null, "", "/");
    const existing = await userManager.getUser();
    if (existing && !existing.expired) return { kind: "signed-in", user: existing };
    return { kind: "failed", message: `Sign-in did not complete: ${messageOf(err)}` };
  }
  // The code and state must not stay in the address bar or the history.
  window.history.replaceState(null, "", safeReturnPath((user.state as { returnTo?: unknown })?.returnTo));
  const sync = await syncUser(user.access_token);
  if (sync.kind === "removed") {
    await userManager.removeUser();
    return { kind: "removed" };
  }
  return sync.kind === "warning"
    ? { kind: "signed-in", user, warning: sync.message }
    : { kind: "signed-in", user };
}

/**
 * Decides what this page load is: the end of a sign-in, a session still in the tab (renewed if
 * its access token lapsed while the tab slept), or nobody — then off to the hosted sign-in page.
 */
export async function startSession(userManager: UserManager): Promise<SessionStart> {
  void userManager.clearStaleState();
  if (window.location.pathname === CALLBACK_PATH) return finishSignIn(userManager);
  const user = await userManager.getUser();
  if (user && !user.expired) return { kind: "signed-in", user };
  if (user?.refresh_token) {
    try {
      const renewed = await userManager.signinSilent();
      if (renewed) return { kind: "signed-in", user: renewed };
    } catch {
      // The refresh token is no good any more: sign in again below.
    }
  }
  await userManager.signinRedirect({ state: { returnTo: currentPath() } });
  return { kind: "redirecting" };
}
