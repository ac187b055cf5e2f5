import { useEffect, useState } from "react";
import { type ApiClient, ApiError, seg } from "../api/client.ts";
import type { User } from "../api/types.ts";
import { useConsole } from "./console-context.ts";

/** A user as the console shows them: the record, or `null` when no such user is synced. */
export type KnownUser = User | null;

interface Cached {
  user: Promise<KnownUser>;
  at: number;
}

/** Answers are kept a minute; "not synced" only a few seconds, since a sync may be on its way. */
const KEEP_MS = 60_000;
const KEEP_MISSING_MS = 5_000;
const caches = new WeakMap<ApiClient, Map<string, Cached>>();

function cacheOf(api: ApiClient): Map<string, Cached> {
  let cache = caches.get(api);
  if (!cache) {
    cache = new Map();
    caches.set(api, cache);
  }
  return cache;
}

/** Users a page already has (a search result) need no second request. */
export function rememberUsers(api: ApiClient, users: User[]): void {
  const cache = cacheOf(api);
  for (const u of users) cache.set(u.key, { user: Promise.resolve(u), at: Date.now() });
}

/**
 * One user by key, shared by every row that names them: a page of 50 audit rows by three people costs
 * three requests, once a minute at most.
 */
export function lookUpUser(api: ApiClient, key: string): Promise<KnownUser> {
  const cache = cacheOf(api);
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < KEEP_MS) return hit.user;
  const user = api.get<User>(api.facts(`/users/${seg(key)}`)).then(
    (u) => u,
    (err: unknown) => {
      if (err instanceof ApiError && err.status === 404) {
        setTimeout(() => cache.get(key)?.user === user && cache.delete(key), KEEP_MISSING_MS);
        return null;
      }
      cache.delete(key);
      throw err;
    },
  );
  cache.set(key, { user, at: Date.now() });
  return user;
}

/** The users behind `keys`, filled in as their answers arrive (missing while unknown). */
export function useUsers(keys: readonly string[]): ReadonlyMap<string, KnownUser> {
  const { api } = useConsole();
  const [known, setKnown] = useState<ReadonlyMap<string, KnownUser>>(new Map());
  const wanted = [...new Set(keys)].sort().join("\n");
  useEffect(() => {
    let live = true;
    for (const key of wanted.split("\n")) {
      if (!key) continue;
      lookUpUser(api, key).then(
        (user) => {
          if (live)
            setKnown((current) => (current.get(key) === user ? current : new Map(current).set(key, user)));
        },
        () => undefined, // the label stays the bare key; the page's own load reports the outage
      );
    }
    return () => {
      live = false;
    };
  }, [api, wanted]);
  return known;
}
