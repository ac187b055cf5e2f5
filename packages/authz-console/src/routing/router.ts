import { useSyncExternalStore } from "react";

/** Raised on pushState, which (unlike back/forward) fires no event of its own. */
const NAVIGATE = "console:navigate";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(NAVIGATE, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(NAVIGATE, onChange);
  };
}

const snapshot = () => `${window.location.pathname}${window.location.search}`;

/** The current path and query; re-renders on client-side navigation and on back/forward. */
export function useLocation(): { path: string; query: URLSearchParams } {
  const current = useSyncExternalStore(subscribe, snapshot);
  const q = current.indexOf("?");
  return {
    path: q === -1 ? current : current.slice(0, q),
    query: new URLSearchParams(q === -1 ? "" : current.slice(q + 1)),
  };
}

let moved = false;
if (typeof window !== "undefined") window.addEventListener("popstate", () => (moved = true));

/** Whether the person has moved between pages in this visit (so a new page's heading should take focus). */
export function hasNavigated(): boolean {
  return moved;
}

/** Goes to a path (with query); `replace` for state like filters that shouldn't pile up in history. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (to.split("?")[0] !== window.location.pathname) moved = true;
  if (options.replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  window.dispatchEvent(new Event(NAVIGATE));
}

export type Route =
  | { page: "policy" }
  | { page: "schema" }
  | { page: "roles" }
  | { page: "users" }
  | { page: "user"; key: string }
  | { page: "tenants" }
  | { page: "tenant"; key: string }
  | { page: "audit" }
  | { page: "tester" }
  | { page: "not-found" };

function decode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

export function routeOf(path: string): Route {
  const parts = path.split("/").filter(Boolean);
  const [first, second] = parts;
  if (parts.length === 0 || (first === "policy" && parts.length === 1)) return { page: "policy" };
  if (parts.length === 1) {
    switch (first) {
      case "schema":
      case "roles":
      case "users":
      case "tenants":
      case "audit":
      case "tester":
        return { page: first };
    }
  }
  if (parts.length === 2 && second !== undefined) {
    const key = decode(second);
    if (key !== undefined && first === "users") return { page: "user", key };
    if (key !== undefined && first === "tenants") return { page: "tenant", key };
  }
  return { page: "not-found" };
}

export const userPath = (key: string) => `/users/${encodeURIComponent(key)}`;
export const tenantPath = (key: string) => `/tenants/${encodeURIComponent(key)}`;
