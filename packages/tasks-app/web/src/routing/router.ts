import { useSyncExternalStore } from "react";

/** Fired on pushState, which (unlike back/forward) raises no event of its own. */
const NAVIGATE = "tollgate:navigate";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(NAVIGATE, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(NAVIGATE, onChange);
  };
}

/** The current path; re-renders on client-side navigation and on back/forward. */
export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

export function navigate(path: string): void {
  if (path === window.location.pathname) return;
  window.history.pushState(null, "", path);
  window.dispatchEvent(new Event(NAVIGATE));
  // A new screen starts at its top, as a page load would.
  window.scrollTo(0, 0);
}

/** The app's screens, by path; anything unknown is the task list. */
export type Screen = "tasks" | "users";

export function screenOf(pathname: string): Screen {
  return pathname === "/users" || pathname.startsWith("/users/") ? "users" : "tasks";
}
