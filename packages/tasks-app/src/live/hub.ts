import type { ServerResponse } from "node:http";
import type { LiveEventName } from "@tollgate/contracts";

/**
 * Browsers connected to `/api/events`, by user. The app pushes small events (`permissions`,
 * `tasks`, `removed`) and the browser re-reads what changed; nothing sensitive travels in them.
 */
export class LiveHub {
  private readonly bySub = new Map<string, Set<ServerResponse>>();
  /** Per stream: whether the session it was opened with has ended (asked when the pool says so). */
  private readonly sessionEnded = new WeakMap<ServerResponse, () => Promise<boolean>>();
  private readonly listeners = new Set<(sub: string, connected: boolean) => void>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(heartbeatMs = 15_000) {
    this.heartbeat = setInterval(() => {
      for (const set of this.bySub.values()) for (const res of set) res.write(": ping\n\n");
    }, heartbeatMs);
    this.heartbeat.unref();
  }

  /**
   * Registers a browser's stream; returns the function that unregisters it. `sessionEnded` tells
   * whether the session the stream was opened with has ended; without it, any ending closes it.
   */
  connect(sub: string, res: ServerResponse, sessionEnded?: () => Promise<boolean>): () => void {
    if (sessionEnded) this.sessionEnded.set(res, sessionEnded);
    let set = this.bySub.get(sub);
    const first = set === undefined;
    if (set === undefined) {
      set = new Set();
      this.bySub.set(sub, set);
    }
    set.add(res);
    if (first) for (const l of this.listeners) l(sub, true);
    return () => {
      const current = this.bySub.get(sub);
      if (!current?.delete(res)) return;
      if (current.size === 0) {
        this.bySub.delete(sub);
        for (const l of this.listeners) l(sub, false);
      }
    };
  }

  /** Called when a user's first browser connects and when their last one leaves. */
  onPresence(listener: (sub: string, connected: boolean) => void): void {
    this.listeners.add(listener);
  }

  connectionCount(): number {
    let n = 0;
    for (const set of this.bySub.values()) n += set.size;
    return n;
  }

  connectedUsers(): string[] {
    return [...this.bySub.keys()];
  }

  private readonly removing = new Set<string>();

  notify(subs: Iterable<string>, event: LiveEventName, data: unknown = {}): void {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const sub of subs) for (const res of this.bySub.get(sub) ?? []) res.write(frame);
  }

  notifyAll(event: LiveEventName, data: unknown = {}): void {
    this.notify(this.bySub.keys(), event, data);
  }

  /**
   * Marks `sub` as being removed by an admin until the returned function is called: removal signs
   * the user out first, and the pool's event for that can close their streams before the route says
   * `removed`, so a stream closed meanwhile hears `removed` first.
   */
  removal(sub: string): () => void {
    this.removing.add(sub);
    return () => this.removing.delete(sub);
  }

  /**
   * Sends `event` to every stream of `sub` whose session ended and closes them. A stream opened with
   * a token from after the ending (a new sign-in) stays open; when in doubt it is closed.
   */
  async disconnectUser(sub: string, event: LiveEventName, data: unknown = {}): Promise<void> {
    const set = this.bySub.get(sub);
    if (!set) return;
    const removed = this.removing.has(sub) && event !== "removed" ? "event: removed\ndata: {}\n\n" : "";
    const frame = `${removed}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    await Promise.all(
      [...set].map(async (res) => {
        const ended = this.sessionEnded.get(res);
        if (ended && !(await ended().catch(() => true))) return;
        res.end(frame);
      }),
    );
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const set of this.bySub.values()) for (const res of set) res.end();
    this.bySub.clear();
  }
}
