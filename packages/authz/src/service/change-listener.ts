import pg from "pg";
import { CHANGE_CHANNEL } from "../storage/changes.ts";
import type { SnapshotSync } from "./snapshot-sync.ts";

export interface ChangeListener {
  /** True while the LISTEN connection is up. */
  readonly connected: boolean;
  close(): Promise<void>;
}

/**
 * Follows other replicas' writes on PostgreSQL: LISTEN for prompt delivery, plus a catch-up by
 * version after every (re)connect and on a slow timer, so a missed notification, a dropped
 * connection or a database restart costs latency, never a change.
 */
export function listenForChanges(
  url: string,
  sync: SnapshotSync,
  options: { pollMs?: number; log?: (msg: string, err?: unknown) => void } = {},
): ChangeListener {
  let client: pg.Client | undefined;
  let connected = false;
  let closed = false;
  let backoff = 100;
  const catchUp = () => void sync.catchUp().catch((err) => options.log?.("catch-up failed", err));

  const connect = async () => {
    while (!closed) {
      const c = new pg.Client({ connectionString: url });
      try {
        c.on("error", () => undefined);
        await c.connect();
        await c.query(`LISTEN ${CHANGE_CHANNEL}`);
        c.on("notification", catchUp);
        c.on("end", () => {
          connected = false;
          if (!closed) {
            options.log?.("change listener lost its connection; reconnecting");
            setTimeout(() => void connect(), backoff);
          }
        });
        client = c;
        connected = true;
        backoff = 100;
        catchUp();
        return;
      } catch (err) {
        await c.end().catch(() => undefined);
        options.log?.(`change listener cannot connect; retrying in ${backoff} ms`, err);
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, 5000);
      }
    }
  };
  void connect();
  const timer = setInterval(catchUp, options.pollMs ?? 1000);
  timer.unref();

  return {
    get connected() {
      return connected;
    },
    async close() {
      closed = true;
      clearInterval(timer);
      await client?.end().catch(() => undefined);
    },
  };
}
