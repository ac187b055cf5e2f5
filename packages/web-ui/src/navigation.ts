import { useSyncExternalStore } from "react";

/** Raised on pushState and replaceState, which (unlike back/forward) fire no event of their own. */
const NAVIGATE = "tollgate:navigate";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(NAVIGATE, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(NAVIGATE, onChange);
  };
}

const snapshot = () => `${window.location.pathname}${window.location.search}`;
const pathname = () => window.location.pathname;

/** The current path and query; re-renders on client-side navigation and on back/forward. */
export function useLocation(): { path: string; query: URLSearchParams } {
  const current = useSyncExternalStore(subscribe, snapshot);
  const q = current.indexOf("?");
  return {
    path: q === -1 ? current : current.slice(0, q),
    query: new URLSearchParams(q === -1 ? "" : current.slice(q + 1)),
  };
}

/** The current path alone; re-renders only when it changes. */
export function usePathname(): string {
  return useSyncExternalStore(subscribe, pathname);
}

let moved = false;
if (typeof window !== "undefined") window.addEventListener("popstate", () => (moved = true));

/** Whether the person has moved between pages in this visit (so a new page's heading should take focus). */
export function hasNavigated(): boolean {
  return moved;
}

let toTop = false;

/** Makes a move to another path start at the top of the page, as a page load would (off until called). */
export function scrollToTopOnNavigate(on = true): void {
  toTop = on;
}

/** Goes to a path (with query); `replace` for state like filters that shouldn't pile up in history. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  const newPath = to.split("?")[0] !== window.location.pathname;
  if (newPath) moved = true;
  if (options.replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  window.dispatchEvent(new Event(NAVIGATE));
  if (toTop && newPath) window.scrollTo(0, 0);
}
