import type { Permit } from "permitio";

export interface PolicyChange {
  version: number;
  kind: string;
  keys: string[];
}

export interface Subscription {
  close(): void;
}

/**
 * Follows Tollgate's change stream (`GET /v1/changes`, Server-Sent Events) and calls `onChange` for
 * every committed policy change, reconnecting with `Last-Event-ID` so nothing is missed across
 * drops. This is how an app learns that permissions changed without asking.
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
  let closed = false;
  let last = options.since;
  let controller = new AbortController();
  const delay = options.reconnectDelayMs ?? 1000;

  const connect = async () => {
    while (!closed) {
      controller = new AbortController();
      try {
        const url = new URL("/v1/changes", options.url);
        if (last !== undefined) url.searchParams.set("since", String(last));
        const res = await fetch(url, {
          headers: { authorization: `Bearer ${options.apiKey}`, accept: "text/event-stream" },
          signal: controller.signal,
        });
        if (!res.ok || !res.body) throw new Error(`change stream answered ${res.status}`);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end = buffer.indexOf("\n\n");
          while (end !== -1) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf("\n\n");
            let event = "message";
            let data = "";
            for (const line of block.split("\n")) {
              if (line.startsWith("event:")) event = line.slice(6).trim();
              else if (line.startsWith("data:")) data += line.slice(5).trim();
            }
            if (event === "ready" && last === undefined)
              last = (JSON.parse(data) as { version: number }).version;
            if (event !== "change" || !data) continue;
            const change = JSON.parse(data) as PolicyChange;
            last = change.version;
            options.onChange(change);
          }
        }
      } catch (err) {
        if (closed) return;
        options.onError?.(err);
      }
      if (!closed) await new Promise((r) => setTimeout(r, delay));
    }
  };
  void connect();
  return {
    close() {
      closed = true;
      controller.abort();
    },
  };
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
