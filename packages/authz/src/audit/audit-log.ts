import type { Decision } from "@tollgate/policy";
import { type AuditQuery, queryAudit } from "../storage/audit.ts";
import type { AuditRecord, Page } from "../storage/records.ts";
import type { Store } from "../storage/store.ts";
import { type AuditSink, auditSinkFor } from "./audit-sink.ts";
import { type DecisionColumns, emptyColumns, lastRows, prependColumns } from "./decision-columns.ts";

export interface AuditLogOptions {
  /** How often buffered decisions are written. */
  flushIntervalMs?: number;
  /** A flush starts early once this many decisions are waiting. */
  flushAt?: number;
  /** Past this many waiting decisions (storage stalled), new ones are dropped and counted. */
  maxBuffered?: number;
  /** How many decisions the log keeps; older ones are pruned. */
  retain?: number;
}

/**
 * The decision audit log. Recording is a few array pushes, so the check path never waits on
 * storage; a timer hands batches to the sink (for SQLite a worker thread writing the log's own
 * file) in the background. Every decision is kept; only a stalled database costs dropped entries
 * (counted in `dropped`), never slower or failed decisions.
 */
export class AuditLog {
  private buffer: DecisionColumns = emptyColumns();
  private flushing: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;
  private flushes = 0;
  dropped = 0;
  private readonly flushAt: number;
  private readonly maxBuffered: number;
  private readonly retain: number;
  private readonly sink: AuditSink;

  constructor(store: Store, options: AuditLogOptions = {}) {
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
    const b = this.buffer;
    if (b.at.length >= this.maxBuffered) {
      this.dropped++;
      return;
    }
    b.at.push(Date.now());
    b.user.push(input.user);
    b.action.push(input.action);
    b.type.push(input.type);
    b.key.push(input.key ?? null);
    b.tenant.push(input.decision.tenant);
    b.allow.push(input.decision.allow ? 1 : 0);
    b.reason.push(input.decision.reason);
    if (b.at.length >= this.flushAt && !this.flushing) void this.flush();
  }

  /** Writes everything buffered so far. Concurrent callers share one flush. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.buffer.at.length === 0) return;
    const batch = this.buffer;
    this.buffer = emptyColumns();
    this.flushing = (async () => {
      try {
        await this.sink.write(batch);
        if (++this.flushes % 100 === 0) await this.sink.prune(this.retain);
      } catch {
        // Storage failed: keep what fits for the next attempt rather than lose it silently. (A
        // batch is written in one transaction, so nothing of it was written.)
        const room = Math.max(0, this.maxBuffered - this.buffer.at.length);
        this.dropped += Math.max(0, batch.at.length - room);
        this.buffer = prependColumns(lastRows(batch, room), this.buffer);
      } finally {
        this.flushing = undefined;
      }
    })();
    await this.flushing;
  }

  /** Newest first; includes everything recorded before the call. */
  async query(q: AuditQuery): Promise<Page<AuditRecord>> {
    await this.flush();
    return queryAudit(this.sink.reader, q);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    await this.sink.close();
  }
}
