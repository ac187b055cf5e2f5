import type { Decision } from "@tollgate/policy";
import type { AuditQuery } from "../storage/audit.ts";
import type { AuditRecord, Page } from "../storage/records.ts";
import type { Store } from "../storage/store.ts";
import { type AuditSink, auditSinkFor } from "./audit-sink.ts";
import { BatchBuilder } from "./decision-batch.ts";
import { TextIds } from "./text-ids.ts";

export interface AuditLogOptions {
  /** How often buffered decisions are written. */
  flushIntervalMs?: number;
  /**
   * A flush starts early once this many decisions are waiting. Large on purpose: each transaction
   * rewrites the user index pages it touches, so fewer, larger batches cost less per decision.
   */
  flushAt?: number;
  /** Past this many waiting decisions (storage stalled), new ones are dropped and counted. */
  maxBuffered?: number;
  /** How many decisions the log keeps; older ones are pruned. */
  retain?: number;
}

/**
 * The decision audit log. Recording a decision numbers its strings and stores seven integers and
 * a time in typed arrays, so the check path never waits on storage and builds no object; a timer
 * hands batches to the sink (for SQLite a worker thread writing the log's own file) in the
 * background. Every decision is kept; only a stalled database costs dropped entries (counted in
 * `dropped`), never slower or failed decisions.
 *
 * Durability: a decision is in the log once its batch is committed, at most `flushIntervalMs`
 * (500 ms) after it was made. A clean close writes everything; a crash loses what was not yet
 * committed (at most the last interval's batch, plus any batch a stalled database held back).
 */
export class AuditLog {
  private readonly texts = new TextIds();
  private readonly buffer: BatchBuilder;
  private flushing: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;
  private flushes = 0;
  /** The last write failed: the sink holds decisions, so a flush writes even with nothing new. */
  private holding = false;
  private droppedHere = 0;
  private readonly flushAt: number;
  private readonly maxBuffered: number;
  private readonly retain: number;
  private readonly sink: AuditSink;

  constructor(store: Store, options: AuditLogOptions = {}) {
    this.flushAt = options.flushAt ?? 16_384;
    this.maxBuffered = options.maxBuffered ?? 200_000;
    this.retain = options.retain ?? 1_000_000;
    this.sink = auditSinkFor(store, this.maxBuffered);
    this.buffer = new BatchBuilder(Math.min(Math.max(this.flushAt, 1), 4096));
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs ?? 500);
    this.timer.unref();
  }

  /** Decisions not kept: recorded while storage was stalled and the buffers were full. */
  get dropped(): number {
    return this.droppedHere + this.sink.dropped();
  }

  record(input: {
    user: string;
    action: string;
    type: string;
    key?: string | undefined;
    decision: Decision;
  }): void {
    const b = this.buffer;
    if (b.count >= this.maxBuffered) {
      this.droppedHere++;
      return;
    }
    const t = this.texts;
    const d = input.decision;
    b.add(
      Date.now(),
      t.id(input.user),
      t.id(input.action),
      t.id(input.type),
      input.key === undefined ? undefined : t.id(input.key),
      t.id(d.tenant),
      d.allow,
      t.id(d.reason),
    );
    if (b.count >= this.flushAt && !this.flushing) void this.flush();
  }

  /** Writes everything buffered so far. Concurrent callers share one flush. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.buffer.count === 0 && !this.holding) return;
    const batch = this.buffer.take(this.texts);
    // The sink has read (or been sent) the batch's strings before the dictionary may start over.
    const written = this.sink.write(batch, this.texts);
    this.texts.restartIfFull();
    this.flushing = (async () => {
      try {
        await written;
        this.holding = false;
        if (++this.flushes % 100 === 0) await this.sink.prune(this.retain);
      } catch {
        // The sinks keep a batch that failed for their next write (up to maxBuffered) and count
        // what they drop; the next flush (the timer's, a query's, close's) tries again.
        this.holding = true;
      } finally {
        this.flushing = undefined;
      }
    })();
    await this.flushing;
  }

  /** Newest first; includes everything recorded before the call. */
  async query(q: AuditQuery): Promise<Page<AuditRecord>> {
    await this.flush();
    return this.sink.query(q);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    await this.sink.close();
  }
}
