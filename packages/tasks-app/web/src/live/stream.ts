import { createSseParser, type ServerEvent } from "./sse.ts";

export type LiveStatus = "connecting" | "live" | "reconnecting";

export interface LiveStreamOptions {
  token: string;
  signal: AbortSignal;
  onEvent(event: ServerEvent): void;
  onStatus(status: LiveStatus): void;
  /** The stream was refused with 401: renew the token (which restarts the stream) or sign in again. */
  onUnauthorized(): void;
  url?: string;
  retryMs?: number;
  /** The server pings every 15 s; this long without a byte means the connection silently died. */
  idleMs?: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Reads `/api/events` until `signal` aborts, reconnecting a second after any drop. This is fetch
 * and a stream reader rather than EventSource because EventSource cannot send the Authorization
 * header. Each token gets its own run: the caller aborts and restarts it when the token renews.
 */
export async function runLiveStream(options: LiveStreamOptions): Promise<void> {
  const { signal, retryMs = 1000, idleMs = 45_000 } = options;
  let attempt = 0;
  let refused = 0;
  while (!signal.aborted) {
    options.onStatus(attempt++ === 0 ? "connecting" : "reconnecting");
    const connection = new AbortController();
    const stop = () => connection.abort();
    signal.addEventListener("abort", stop);
    let idle: ReturnType<typeof setTimeout> | undefined;
    const resetIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(stop, idleMs);
    };
    try {
      resetIdle();
      const res = await fetch(options.url ?? "/api/events", {
        headers: { authorization: `Bearer ${options.token}`, accept: "text/event-stream" },
        cache: "no-store",
        signal: connection.signal,
      });
      if (res.status === 401) {
        // Ask once per token: if a renewed token is refused too, hammering the refresh endpoint won't help.
        if (refused++ === 0) options.onUnauthorized();
      } else if (res.ok && res.body) {
        const parse = createSseParser((event) => {
          if (event.event === "ready") options.onStatus("live");
          options.onEvent(event);
        });
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          resetIdle();
          parse(value);
        }
      }
    } catch {
      // A dropped connection, a stall cut by the idle timer, or the caller's abort: retry or stop below.
    } finally {
      clearTimeout(idle);
      signal.removeEventListener("abort", stop);
    }
    if (signal.aborted) return;
    options.onStatus("reconnecting");
    await sleep(refused > 1 ? Math.max(retryMs, 15_000) : retryMs, signal);
  }
}
