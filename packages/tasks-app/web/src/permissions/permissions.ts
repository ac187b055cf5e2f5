import type { MyPermissions } from "@tollgate/contracts";
import { createContext, useCallback, useContext, useEffect, useRef, useState } from "react";
import type { ApiClient } from "../api/client.ts";
import { describeError } from "../api/errors.ts";

/** The `resource:action` strings the UI gates on; the server enforces every one of them anyway. */
export type Permission =
  | "task:get"
  | "task:create"
  | "task:update"
  | "task:check"
  | "task:delete"
  | "user:get"
  | "user:create"
  | "user:delete"
  | "project:create";

export const ALL_PERMISSIONS: { key: Permission; label: string }[] = [
  { key: "task:get", label: "View tasks" },
  { key: "task:create", label: "Add tasks" },
  { key: "task:update", label: "Rename tasks" },
  { key: "task:check", label: "Check off tasks" },
  { key: "task:delete", label: "Delete tasks" },
  { key: "user:get", label: "View users" },
  { key: "user:create", label: "Invite users and change groups" },
  { key: "user:delete", label: "Remove users" },
];

export interface PermissionsState {
  status: "loading" | "ready" | "error";
  permissions: ReadonlySet<string>;
  roles: string[];
  /** Why the last load failed; the UI keeps showing the permissions it last knew. */
  error: string | undefined;
  /** Loaded, and no role at all: the user is signed in but nobody has given them access yet. */
  noAccess: boolean;
  can(permission: Permission): boolean;
  refresh(): void;
}

const NONE: ReadonlySet<string> = new Set();

/** Retries after a failed load: soon at first, then at most every 15 s, until it works. */
const RETRY_MS = [2000, 4000, 8000, 15000];

/**
 * The signed-in user's permissions from `/api/me/permissions`, re-read on demand (a live
 * `permissions` event, a 403). Overlapping refreshes are fine: only the newest answer is kept.
 */
export function usePermissionsLoader(api: ApiClient): PermissionsState {
  const [state, setState] = useState<Omit<PermissionsState, "can" | "refresh" | "noAccess">>({
    status: "loading",
    permissions: NONE,
    roles: [],
    error: undefined,
  });
  const latest = useRef(0);

  const refresh = useCallback(() => {
    const seq = ++latest.current;
    api.get<MyPermissions>("/api/me/permissions").then(
      (body) => {
        if (seq !== latest.current) return;
        setState({
          status: "ready",
          permissions: new Set(body.permissions),
          roles: body.roles,
          error: undefined,
        });
      },
      (err: unknown) => {
        if (seq !== latest.current) return;
        setState((prev) => ({
          ...prev,
          status: prev.status === "ready" ? "ready" : "error",
          error: describeError(err, "read your permissions"),
        }));
      },
    );
  }, [api]);

  useEffect(refresh, [refresh]);

  // While the authorization service is unreachable, keep trying on our own: the header says
  // "retrying", so the person need not press anything.
  const failures = useRef(0);
  useEffect(() => {
    if (!state.error) {
      failures.current = 0;
      return;
    }
    const delay = RETRY_MS[Math.min(failures.current, RETRY_MS.length - 1)];
    failures.current++;
    const timer = setTimeout(refresh, delay);
    return () => clearTimeout(timer);
  }, [state, refresh]);

  const { permissions } = state;
  const can = useCallback((permission: Permission) => permissions.has(permission), [permissions]);
  const noAccess = state.status === "ready" && state.roles.length === 0 && permissions.size === 0;
  return { ...state, noAccess, can, refresh };
}

export const PermissionsContext = createContext<PermissionsState | null>(null);

export function usePermissions(): PermissionsState {
  const value = useContext(PermissionsContext);
  if (!value) throw new Error("usePermissions outside PermissionsContext");
  return value;
}
