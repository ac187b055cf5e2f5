import type { ChangeEvent } from "../api/types.ts";
import { sseParser } from "./sse.ts";

export type StreamStatus = "connecting" | "live" | "reconnecting";

export interface ChangeStreamOptions {
  apiKey: string;
  signal: AbortSignal;
  onChange(change: ChangeEvent): void;
  /** After (re)connecting and replaying: anything missed while away has been delivered. */
  onReady(version: number): void;
  onStatus(status: StreamStatus): void;
  retryMs?: number;
}

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Follows `GET /v1/changes` until `signal` aborts, resuming from the last version seen after a drop.
 * fetch and a stream reader, not EventSource, because EventSource cannot send the Authorization
 * header (and the key must not go into a URL, where logs would keep it).
 */
export async function followChanges(options: ChangeStreamOptions): Promise<void> {
  const { signal, retryMs = 1000 } = options;
  let since: number | undefined;
  let first = true;
  while (!signal.aborted) {
    options.onStatus(first ? "connecting" : "reconnecting");
    first = false;
    try {
      const url = since === undefined ? "/v1/changes" : `/v1/changes?since=${since}`;
      const res = await fetch(url, {
        headers: { authorization: `Bearer ${options.apiKey}`, accept: "text/event-stream" },
        cache: "no-store",
        signal,
      });
      if (res.ok && res.body) {
        const parse = sseParser((e) => {
          if (e.event === "ready") {
            const { version } = JSON.parse(e.data) as { version: number };
            since = Math.max(since ?? 0, version);
            options.onStatus("live");
            options.onReady(version);
          } else if (e.event === "change") {
            const change = JSON.parse(e.data) as ChangeEvent;
            since = Math.max(since ?? 0, change.version);
            options.onChange(change);
          }
        });
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parse(value);
        }
      } else if (res.status === 401 || res.status === 403) {
        return;
      }
    } catch {
      // dropped, or aborted: retry or stop below
    }
    if (signal.aborted) return;
    options.onStatus("reconnecting");
    await pause(retryMs, signal);
  }
}
