import type { Decision } from "@tollgate/policy";
import { type AuditQuery, type NewAuditRecord, queryAudit } from "../storage/audit.ts";
import type { AuditRecord, Page } from "../storage/records.ts";
import type { Store } from "../storage/store.ts";
import { type AuditSink, auditSinkFor } from "./audit-sink.ts";

export interface AuditLogOptions {
  /** How often buffered decisions are written. */
  flushIntervalMs?: number;
  /** A flush starts early once this many decisions are waiting. */
  flushAt?: number;
  /** Past this many waiting decisions (storage stalled), the oldest are dropped and counted. */
  maxBuffered?: number;
  /** How many decisions the log keeps; older ones are pruned. */
  retain?: number;
}

/**
 * The decision audit log. Recording is a push onto an array, so the check path never waits on
 * storage; a timer hands batches to the sink (a worker thread for SQLite) in the background. A stalled database costs dropped audit
 * entries (counted in `dropped`), never slower or failed decisions.
 */
export class AuditLog {
  private buffer: NewAuditRecord[] = [];
  private flushing: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;
  private flushes = 0;
  dropped = 0;
  private readonly flushAt: number;
  private readonly maxBuffered: number;
  private readonly retain: number;
  private readonly sink: AuditSink;

  constructor(
    private readonly store: Store,
    options: AuditLogOptions = {},
  ) {
    this.flushAt = options.flushAt ?? 2000;
    this.maxBuffered = options.maxBuffered ?? 200_000;
    this.retain = options.retain ?? 1_000_000;
    this.sink = auditSinkFor(store);
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs ?? 500);
    this.timer.unref();
  }

  record(input: {
    user: string;
    action: string;
    type: string;
    key?: string | undefined;
    decision: Decision;
  }): void {
    if (this.buffer.length >= this.maxBuffered) {
      this.buffer.shift();
      this.dropped++;
    }
    this.buffer.push({
      at: new Date().toISOString(),
      user: input.user,
      action: input.action,
      resource_type: input.type,
      resource_key: input.key ?? null,
      tenant: input.decision.tenant,
      allow: input.decision.allow,
      reason: input.decision.reason,
    });
    if (this.buffer.length >= this.flushAt && !this.flushing) void this.flush();
  }

  /** Writes everything buffered so far. Concurrent callers share one flush. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    this.flushing = (async () => {
      try {
        await this.sink.write(batch);
        if (++this.flushes % 100 === 0) await this.sink.prune(this.retain);
      } catch {
        // Storage failed: keep what fits for the next attempt rather than lose it silently. (A
        // batch is written in one transaction, so nothing of it was written.)
        const room = Math.max(0, this.maxBuffered - this.buffer.length);
        this.dropped += Math.max(0, batch.length - room);
        this.buffer = [...batch.slice(Math.max(0, batch.length - room)), ...this.buffer];
      } finally {
        this.flushing = undefined;
      }
    })();
    await this.flushing;
  }

  /** Newest first; includes everything recorded before the call. */
  async query(q: AuditQuery): Promise<Page<AuditRecord>> {
    await this.flush();
    return queryAudit(this.store.db, q);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    await this.sink.close();
  }
}
