import { followObjectChanges, pollUserPermissions, type Subscription } from "@tollgate/cognito-permit";
import type { Permit } from "permitio";
import type { LiveHub } from "./hub.ts";

/**
 * Turns policy changes into `permissions` and `tasks` events for the affected browsers (a role on a
 * task decides whether it is listed and which of its buttons show, so the list is re-read too).
 * Against Tollgate it follows the change stream per object (a role given or taken, on the tenant or
 * on one task, reaches that user; a role, resource, instance or tuple change reaches everyone).
 * Against Permit.io, which has no stream, it polls each connected user's permissions.
 */
export function startPermissionFeed(options: {
  hub: LiveHub;
  permit: Permit;
  changeStreamUrl: string | undefined;
  apiKey: string;
  pollIntervalMs?: number;
  log?: (msg: string) => void;
}): Subscription {
  const { hub } = options;
  if (options.changeStreamUrl) {
    return followObjectChanges({
      url: options.changeStreamUrl,
      apiKey: options.apiKey,
      onChange: (change) => {
        // Only the kind and version travel: which objects changed is for the page to re-read.
        const data = { version: change.version, kind: change.kind };
        const to = change.everyone ? hub.connectedUsers() : change.users;
        hub.notify(to, "permissions", data);
        hub.notify(to, "tasks", data);
      },
      onError: (err) => options.log?.(`change stream: ${(err as Error).message}; reconnecting`),
    });
  }
  const polls = new Map<string, Subscription>();
  hub.onPresence((sub, connected) => {
    if (connected) {
      polls.set(
        sub,
        pollUserPermissions({
          permit: options.permit,
          user: sub,
          intervalMs: options.pollIntervalMs ?? 5000,
          onChange: () => {
            hub.notify([sub], "permissions", { kind: "poll" });
            hub.notify([sub], "tasks", { kind: "poll" });
          },
        }),
      );
    } else {
      polls.get(sub)?.close();
      polls.delete(sub);
    }
  });
  return {
    close() {
      for (const p of polls.values()) p.close();
      polls.clear();
    },
  };
}
