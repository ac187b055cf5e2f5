import { followEventStream, type PolicyChangeEvent, type StreamStatus } from "@tollgate/contracts";

export type { StreamStatus };

export interface ChangeStreamOptions {
  apiKey: string;
  signal: AbortSignal;
  onChange(change: PolicyChangeEvent): void;
  /** After (re)connecting and replaying: anything missed while away has been delivered. */
  onReady(version: number): void;
  onStatus(status: StreamStatus): void;
  retryMs?: number;
}

/**
 * Follows `GET /v1/changes` until `signal` aborts, resuming from the last version seen after a drop,
 * with the shared reader (fetch, because EventSource cannot send the Authorization header, and the
 * key must not go into a URL, where logs would keep it). A refused key stops it: it will not improve.
 */
export function followChanges(options: ChangeStreamOptions): void {
  let since: number | undefined;
  followEventStream({
    url: () => (since === undefined ? "/v1/changes" : `/v1/changes?since=${since}`),
    headers: () => ({ authorization: `Bearer ${options.apiKey}` }),
    init: { cache: "no-store" },
    signal: options.signal,
    minDelayMs: options.retryMs ?? 1000,
    onStatus: options.onStatus,
    onRefused: (status) => (status === 401 || status === 403 ? "stop" : undefined),
    onEvent(e) {
      try {
        if (e.event === "ready") {
          const { version } = JSON.parse(e.data) as { version: number };
          since = Math.max(since ?? 0, version);
          options.onReady(version);
        } else if (e.event === "change") {
          const change = JSON.parse(e.data) as PolicyChangeEvent;
          since = Math.max(since ?? 0, change.version);
          options.onChange(change);
        }
      } catch {
        // A malformed event is skipped; the next ready or reload puts the view right.
      }
    },
  });
}
