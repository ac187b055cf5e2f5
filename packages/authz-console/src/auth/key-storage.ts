/**
 * The API key lives in sessionStorage: it survives reloads of this tab and goes away with it.
 * A sign-in link carries it in the fragment (`/#key=...`), which browsers never send to the server;
 * we take it from there and clear the fragment at once so it doesn't linger in the address bar or
 * history.
 */
const STORAGE_KEY = "tollgate.console.apiKey";

export function storedKey(): string | undefined {
  try {
    return sessionStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function storeKey(key: string): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, key);
  } catch {
    // storage disabled: the key lasts as long as the page
  }
}

export function forgetKey(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing stored
  }
}

/** The key in a fragment like `#key=...` (other fragment parameters are allowed), if any. */
export function keyFromFragment(hash: string): string | undefined {
  const params = new URLSearchParams(hash.startsWith("#") ? hash.slice(1) : hash);
  const key = params.get("key")?.trim();
  return key ? key : undefined;
}

/** Takes a key from the address's fragment (storing it), and removes the fragment. */
export function takeKeyFromLocation(): string | undefined {
  const key = keyFromFragment(window.location.hash);
  if (key === undefined) return undefined;
  storeKey(key);
  const { pathname, search } = window.location;
  window.history.replaceState(window.history.state, "", `${pathname}${search}`);
  return key;
}
