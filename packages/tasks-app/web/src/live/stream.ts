import { type EventSourceMessage, followEventStream, type StreamStatus } from "@tollgate/contracts";

export type LiveStatus = StreamStatus;

export interface LiveStreamOptions {
  token: string;
  signal: AbortSignal;
  onEvent(event: { event: string; data: string }): void;
  onStatus(status: LiveStatus): void;
  /** The stream was refused with 401: renew the token (which restarts the stream) or sign in again. */
  onUnauthorized(): void;
  url?: string;
  retryMs?: number;
  /** The server pings every 15 s; this long without a byte means the connection silently died. */
  idleMs?: number;
}

/**
 * Reads `/api/events` until `signal` aborts, reconnecting after any drop, with the shared reader
 * (fetch, because EventSource cannot send the Authorization header). Each token gets its own run:
 * the caller aborts and restarts it when the token renews.
 */
export function runLiveStream(options: LiveStreamOptions): void {
  const { retryMs = 1000, idleMs = 45_000 } = options;
  let refused = 0;
  followEventStream({
    url: () => options.url ?? "/api/events",
    headers: () => ({ authorization: `Bearer ${options.token}` }),
    init: { cache: "no-store" },
    signal: options.signal,
    idleMs,
    minDelayMs: retryMs,
    onStatus: options.onStatus,
    onRefused(status) {
      // Ask once per token: if a renewed token is refused too, hammering the refresh endpoint won't
      // help; the follower's backoff slows the retries instead.
      if (status === 401 && refused++ === 0) options.onUnauthorized();
      return undefined;
    },
    onEvent: (message: EventSourceMessage) =>
      options.onEvent({ event: message.event ?? "message", data: message.data }),
  });
}
