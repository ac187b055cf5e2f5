import { pollUserPermissions, type Subscription, subscribeToChanges } from "@tollgate/cognito-permit";
import type { Permit } from "permitio";
import type { LiveHub } from "./hub.ts";

/**
 * Turns policy changes into `permissions` events for the affected browsers. Against Tollgate it
 * follows the change stream (a user or role-assignment change reaches that user; a role, resource
 * or tenant change reaches everyone). Against Permit.io, which has no stream, it polls each
 * connected user's permissions.
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
    return subscribeToChanges({
      url: options.changeStreamUrl,
      apiKey: options.apiKey,
      onChange: (change) => {
        const data = { version: change.version, kind: change.kind };
        if (change.kind === "user" || change.kind === "role_assignment")
          hub.notify(change.keys, "permissions", data);
        else hub.notifyAll("permissions", data);
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
          onChange: () => hub.notify([sub], "permissions", { kind: "poll" }),
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
