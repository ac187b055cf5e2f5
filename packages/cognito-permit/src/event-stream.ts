import { createParser, type EventSourceMessage } from "eventsource-parser";

export interface Subscription {
  close(): void;
}

export interface FollowOptions {
  /** The stream's URL for a (re)connection; `lastEventId` is the id of the last event received. */
  url(lastEventId: string | undefined): URL;
  /** Request headers for that URL (e.g. a fresh signature per connection). */
  headers(url: URL): Promise<Record<string, string>> | Record<string, string>;
  onEvent(message: EventSourceMessage): void;
  /** A connection failed or dropped; the follower reconnects after a backoff. */
  onError?: ((err: unknown) => void) | undefined;
  /** First reconnection delay; doubles on each failure up to `maxDelayMs` (defaults 500 ms, 30 s). */
  minDelayMs?: number | undefined;
  maxDelayMs?: number | undefined;
  /** The id to resume after, on the first connection. */
  lastEventId?: string | undefined;
}

/**
 * Follows a Server-Sent Events stream for as long as it is open: parses it with eventsource-parser
 * (the spec's rules for fields, comments, multi-line data, ids and `retry:`), and reconnects with
 * exponential backoff, resuming after the last event's id (`Last-Event-ID`). One reader for every
 * stream the library follows.
 */
export function followEventStream(options: FollowOptions): Subscription {
  let closed = false;
  let controller = new AbortController();
  let lastEventId = options.lastEventId;
  const minDelay = options.minDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 30_000;
  let delay = minDelay;
  let wake: (() => void) | undefined;

  const run = async () => {
    while (!closed) {
      controller = new AbortController();
      try {
        const url = options.url(lastEventId);
        const headers: Record<string, string> = {
          accept: "text/event-stream",
          ...(await options.headers(url)),
        };
        if (lastEventId !== undefined) headers["last-event-id"] = lastEventId;
        const res = await fetch(url, { headers, signal: controller.signal });
        if (!res.ok || !res.body) throw new Error(`event stream ${url.pathname} answered ${res.status}`);
        const parser = createParser({
          onEvent(message) {
            if (message.id !== undefined) lastEventId = message.id;
            delay = minDelay; // a working stream: the next drop starts the backoff afresh
            options.onEvent(message);
          },
          onRetry(ms) {
            delay = Math.min(Math.max(ms, minDelay), maxDelay);
          },
        });
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        for (let r = await reader.read(); !r.done; r = await reader.read()) parser.feed(r.value);
        throw new Error("event stream ended");
      } catch (err) {
        if (closed) return;
        options.onError?.(err);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      delay = Math.min(delay * 2, maxDelay);
    }
  };
  void run();
  return {
    close() {
      closed = true;
      controller.abort();
      wake?.();
    },
  };
}
