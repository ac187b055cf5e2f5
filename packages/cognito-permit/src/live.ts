import type { PolicyChangeEvent } from "@tollgate/contracts";
import type { Permit } from "permitio";
import { followEventStream, type Subscription } from "./event-stream.ts";

export type { Subscription };

/** One committed policy change, as Tollgate's change stream announces it. */
export type PolicyChange = PolicyChangeEvent;

/**
 * Follows Tollgate's change stream (`GET /v1/changes`, Server-Sent Events) and calls `onChange` for
 * every committed policy change, reconnecting with backoff and resuming after the last version so
 * nothing is missed across drops. This is how an app learns that permissions changed without asking.
 *
 * @example
 * ```ts
 * const sub = subscribeToChanges({ url: "http://localhost:7766", apiKey, onChange: (c) => notifyBrowsers(c) });
 * ```
 */
export function subscribeToChanges(options: {
  url: string;
  apiKey: string;
  onChange: (change: PolicyChange) => void;
  onError?: (err: unknown) => void;
  /** Start after this version (default: now). */
  since?: number;
  reconnectDelayMs?: number;
}): Subscription {
  let last = options.since;
  return followEventStream({
    url: () => {
      const url = new URL("/v1/changes", options.url);
      if (last !== undefined) url.searchParams.set("since", String(last));
      return url;
    },
    headers: () => ({ authorization: `Bearer ${options.apiKey}` }),
    minDelayMs: options.reconnectDelayMs ?? 1000,
    onError: options.onError,
    onEvent(message) {
      try {
        if (message.event === "ready" && last === undefined)
          last = (JSON.parse(message.data) as { version: number }).version;
        if (message.event !== "change" || !message.data) return;
        const change = JSON.parse(message.data) as PolicyChange;
        last = change.version;
        options.onChange(change);
      } catch (err) {
        options.onError?.(err);
      }
    },
  });
}

/**
 * The fallback for Permit.io, which has no change stream: polls a user's permissions and calls
 * `onChange` when they differ from the last poll.
 */
export function pollUserPermissions(options: {
  permit: Permit;
  user: string;
  intervalMs?: number;
  onChange: (permissions: Awaited<ReturnType<Permit["getUserPermissions"]>>) => void;
  onError?: (err: unknown) => void;
}): Subscription {
  let previous: string | undefined;
  const tick = async () => {
    try {
      const permissions = await options.permit.getUserPermissions(options.user);
      const fingerprint = JSON.stringify(permissions);
      if (previous !== undefined && fingerprint !== previous) options.onChange(permissions);
      previous = fingerprint;
    } catch (err) {
      options.onError?.(err);
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), options.intervalMs ?? 5000);
  timer.unref?.();
  return { close: () => clearInterval(timer) };
}
