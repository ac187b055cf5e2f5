import { GROUPS, type Group, type InviteResult, type PoolUser } from "@tollgate/contracts";
import { useNotices } from "@tollgate/web-ui";
import { useCallback, useEffect, useRef, useState } from "react";
import { useApi } from "../api/api-context.ts";
import { ApiError } from "../api/client.ts";
import { describeError } from "../api/errors.ts";
import { useLiveTopic } from "../live/live-events.ts";

/** An invitation's outcome: the new user, a mistake in one field, or a failure already reported. */
export type InviteOutcome =
  | { ok: true; result: InviteResult }
  | { ok: false; field?: "email"; message?: string };

export interface UserList {
  status: "loading" | "ready" | "error";
  users: PoolUser[];
  loadError: string | undefined;
  refresh(): void;
  invite(input: { email: string; name: string; group: Group }): Promise<InviteOutcome>;
  setGroup(user: PoolUser, group: Group): void;
  remove(user: PoolUser): void;
}

/** The group among admin/editor/viewer that decides the user's role; none means the default (viewer). */
export function groupOf(user: Pick<PoolUser, "groups">): Group | undefined {
  return GROUPS.find((g) => user.groups.includes(g));
}

export const labelOf = (user: Pick<PoolUser, "email" | "name" | "username">) =>
  user.name || user.email || user.username;

/**
 * The user pool's users for the admin screen. Group changes and removals show at once and roll
 * back if refused; the list is re-read after each change since the pool sends no events.
 */
export function useUsers(enabled: boolean): UserList {
  const api = useApi();
  const notices = useNotices();
  const [users, setUsers] = useState<PoolUser[]>([]);
  const [status, setStatus] = useState<UserList["status"]>("loading");
  const [loadError, setLoadError] = useState<string | undefined>();
  const latest = useRef(0);

  const refresh = useCallback(() => {
    const seq = ++latest.current;
    api.get<{ users: PoolUser[] }>("/api/users").then(
      (body) => {
        if (seq !== latest.current) return;
        setUsers(body.users);
        setStatus("ready");
        setLoadError(undefined);
      },
      (err: unknown) => {
        if (seq !== latest.current) return;
        setLoadError(describeError(err, "view users"));
        setStatus((s) => (s === "ready" ? "ready" : "error"));
      },
    );
  }, [api]);

  // Another admin's invitation, group change or removal.
  useLiveTopic("users", () => {
    if (enabled) refresh();
  });

  useEffect(() => {
    if (enabled) {
      setStatus("loading");
      refresh();
    } else {
      latest.current++;
      setUsers([]);
    }
  }, [enabled, refresh]);

  const fail = useCallback(
    (err: unknown, action: string) => {
      notices.error(describeError(err, action));
      if (err instanceof ApiError && err.code === "user_not_found") refresh();
    },
    [notices, refresh],
  );

  const invite = useCallback(
    async (input: { email: string; name: string; group: Group }): Promise<InviteOutcome> => {
      try {
        const result = await api.post<InviteResult>("/api/users", {
          email: input.email,
          group: input.group,
          ...(input.name ? { name: input.name } : {}),
        });
        notices.notify(`Invited ${result.user.email}.`);
        refresh();
        return { ok: true, result };
      } catch (err) {
        // A mistake in a field is shown next to that field, not as a message somewhere else.
        if (err instanceof ApiError && err.code === "user_exists")
          return { ok: false, field: "email", message: "Someone with this email is already on the team." };
        if (err instanceof ApiError && err.status === 400 && /email/i.test(err.message))
          return { ok: false, field: "email", message: describeError(err, "invite users") };
        fail(err, "invite users");
        return { ok: false };
      }
    },
    [api, notices, fail, refresh],
  );

  const setGroup = useCallback(
    (user: PoolUser, group: Group) => {
      const others = user.groups.filter((g) => !(GROUPS as readonly string[]).includes(g));
      const patch = (groups: string[]) =>
        setUsers((prev) => prev.map((u) => (u.username === user.username ? { ...u, groups } : u)));
      patch([group, ...others]);
      api.put<{ groups: string[] }>(`/api/users/${encodeURIComponent(user.username)}/group`, { group }).then(
        (saved) => {
          patch(saved.groups);
          notices.notify(`${labelOf(user)} is now in the ${group} group.`);
        },
        (err: unknown) => {
          patch(user.groups);
          fail(err, "change users' groups");
        },
      );
    },
    [api, notices, fail],
  );

  const remove = useCallback(
    (user: PoolUser) => {
      setUsers((prev) => prev.filter((u) => u.username !== user.username));
      api.delete(`/api/users/${encodeURIComponent(user.username)}`).then(
        () => notices.notify(`Removed ${labelOf(user)}.`),
        (err: unknown) => {
          refresh();
          fail(err, "remove users");
        },
      );
    },
    [api, notices, fail, refresh],
  );

  return { status, users, loadError, refresh, invite, setGroup, remove };
}
