import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import type { ApiClient } from "../api/client.ts";
import type { ChangeEvent, Resource, Role } from "../api/types.ts";
import { followChanges, type StreamStatus } from "../live/changes.ts";

export interface PolicyStore {
  resources: Resource[];
  roles: Role[];
  loaded: boolean;
  error: unknown;
  /** The change stream's state: the console updates itself while it is live. */
  live: StreamStatus;
  /** The newest change the stream delivered (pages watch it to refresh what they show). */
  lastChange: ChangeEvent | undefined;
  reload(): Promise<void>;
  /** Puts a role a write just returned into the state, so the page needn't wait for the stream. */
  putRole(role: Role, version: number | undefined): void;
  /** Records a write of ours: its change event then needs no reload. */
  noteWrite(version: number | undefined): void;
}

const PolicyContext = createContext<PolicyStore | null>(null);

export function usePolicy(): PolicyStore {
  const value = useContext(PolicyContext);
  if (!value) throw new Error("usePolicy outside PolicyProvider");
  return value;
}

/** Every item of a schema list (100 a page; there are rarely more than one page). */
async function all<T>(api: ApiClient, path: string): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const batch = await api.get<T[]>(path, { page, per_page: 100 });
    out.push(...batch);
    if (batch.length < 100) return out;
  }
}

/**
 * Resources and roles (all the policy editor, schema and roles pages need: two requests), kept fresh
 * by the change stream. A reload that raced one of our own writes is discarded and redone, so a
 * stale answer never undoes what the person just saw succeed.
 */
export function PolicyProvider({ api, children }: { api: ApiClient; children: ReactNode }) {
  const [resources, setResources] = useState<Resource[]>([]);
  const [roles, setRoles] = useState<Role[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [live, setLive] = useState<StreamStatus>("connecting");
  const [lastChange, setLastChange] = useState<ChangeEvent | undefined>(undefined);
  const writes = useRef(0);
  const ownVersions = useRef(new Set<number>());

  const reload = useCallback(async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = writes.current;
      try {
        const [res, rls] = await Promise.all([
          all<Resource>(api, api.schema("/resources")),
          all<Role>(api, api.schema("/roles")),
        ]);
        if (writes.current !== before) continue;
        setResources(res);
        setRoles(rls);
        setError(undefined);
        setLoaded(true);
        return;
      } catch (err) {
        setError(err);
        setLoaded(true);
        return;
      }
    }
  }, [api]);

  const noteWrite = useCallback((version: number | undefined) => {
    writes.current++;
    if (version !== undefined) ownVersions.current.add(version);
  }, []);

  const putRole = useCallback(
    (role: Role, version: number | undefined) => {
      noteWrite(version);
      setRoles((all) => {
        const i = all.findIndex((r) => r.key === role.key);
        if (i === -1) return [...all, role];
        const next = [...all];
        next[i] = role;
        return next;
      });
    },
    [noteWrite],
  );

  useEffect(() => {
    void reload();
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let readyOnce = false;
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void reload(), 120);
    };
    followChanges({
      apiKey: api.key,
      signal: controller.signal,
      onStatus: setLive,
      onReady: () => {
        // After a reconnect, whatever happened meanwhile has been replayed; reload once to be sure.
        if (readyOnce) soon();
        readyOnce = true;
      },
      onChange: (change) => {
        setLastChange(change);
        if (change.kind !== "role" && change.kind !== "resource") return;
        if (ownVersions.current.delete(change.version)) return;
        soon();
      },
    });
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [api, reload]);

  const value = useMemo<PolicyStore>(
    () => ({ resources, roles, loaded, error, live, lastChange, reload, putRole, noteWrite }),
    [resources, roles, loaded, error, live, lastChange, reload, putRole, noteWrite],
  );
  return <PolicyContext.Provider value={value}>{children}</PolicyContext.Provider>;
}
