import { Worker } from "node:worker_threads";
import { sql } from "kysely";
import { type AuditQuery, insertAuditBatch, pruneAudit, queryAudit } from "../storage/audit.ts";
import type { AuditRecord, Page } from "../storage/records.ts";
import type { Store } from "../storage/store.ts";
import { openAuditFile } from "./audit-file.ts";
import { type DecisionBatch, decodeBatch } from "./decision-batch.ts";
import {
  type DecisionColumns,
  emptyColumns,
  lastRows,
  prependColumns,
  toRecords,
} from "./decision-columns.ts";
import { queryAuditFile } from "./sqlite-audit-reader.ts";
import type { TextIds } from "./text-ids.ts";

/** Where batches of decisions are written, and where the log is read back from. */
export interface AuditSink {
  /**
   * Writes a batch. It reads the batch's strings before its first `await` (the dictionary may
   * start over right after the call). A batch that fails is kept for the next write, up to the
   * log's buffer size; what does not fit is dropped and counted.
   */
  write(batch: DecisionBatch, texts: TextIds): Promise<void>;
  prune(keep: number): Promise<void>;
  query(q: AuditQuery): Promise<Page<AuditRecord>>;
  /** Decisions the sink dropped because storage kept failing. */
  dropped(): number;
  close(): Promise<void>;
}

/**
 * For a SQLite store: the log's own file, written by a worker thread with its own connection, so
 * the server's thread only hands the batch's buffers over. For PostgreSQL: one statement per batch
 * on the store's pool (asynchronous I/O anyway). SQLite in memory (tests): the store's connection.
 */
export function auditSinkFor(store: Store, maxBuffered: number): AuditSink {
  if (store.sqliteFile) return workerSink(store.sqliteFile, maxBuffered);
  const insert =
    store.dialect === "postgres"
      ? (c: DecisionColumns) => insertUnnest(store, c)
      : (c: DecisionColumns) => insertAuditBatch(store.db, toRecords(c));
  return onServerThread(store, insert, maxBuffered);
}

/** Writes on the server's thread, keeping a failed batch (as strings) for the next attempt. */
function onServerThread(
  store: Store,
  insert: (c: DecisionColumns) => Promise<void>,
  maxBuffered: number,
): AuditSink {
  let held = emptyColumns();
  let dropped = 0;
  return {
    async write(batch, texts) {
      const rows = prependColumns(held, decodeBatch(batch, texts));
      held = emptyColumns();
      try {
        await insert(rows);
      } catch (err) {
        // A batch is written in one transaction, so nothing of it was written: keep what fits.
        const keep = lastRows(rows, maxBuffered);
        dropped += rows.at.length - keep.at.length;
        held = prependColumns(keep, held);
        throw err;
      }
    },
    prune: async (keep) => {
      await pruneAudit(store.db, keep);
    },
    query: (q) => queryAudit(store.db, q),
    dropped: () => dropped,
    close: async () => undefined,
  };
}

/** One INSERT … SELECT FROM unnest(arrays) per batch: eight parameters whatever the batch size. */
async function insertUnnest(store: Store, c: DecisionColumns): Promise<void> {
  const at = c.at.map((ms) => new Date(ms).toISOString());
  await sql`insert into audit_log (at, user_key, action, resource_type, resource_key, tenant, allow, reason)
    select * from unnest(${at}::text[], ${c.user}::text[], ${c.action}::text[], ${c.type}::text[],
      ${c.key}::text[], ${c.tenant}::text[], ${c.allow}::int[], ${c.reason}::text[])`.execute(store.db);
}

interface WriterReply {
  id: number;
  ok: boolean;
  error?: string;
  /** The writer's count of decisions dropped so far. */
  dropped?: number;
}

function workerSink(storeFile: string, maxBuffered: number): AuditSink {
  const { file, reader } = openAuditFile(storeFile);
  const worker = new Worker(new URL("./sqlite-audit-writer.worker.mjs", import.meta.url), {
    workerData: { file, maxHeld: maxBuffered },
  });
  worker.unref();
  let next = 0;
  let dropped = 0;
  const pending = new Map<number, { resolve(): void; reject(err: Error): void }>();
  worker.on("message", (m: WriterReply) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.dropped !== undefined) dropped = m.dropped;
    if (m.ok) p?.resolve();
    else p?.reject(new Error(`audit writer: ${m.error}`));
  });
  worker.on("error", (err) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  });
  const send = (message: Record<string, unknown>, transfer: ArrayBuffer[] = []) =>
    new Promise<void>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id }, transfer);
    });
  return {
    // The two arrays move to the writer (no copy); only the batch's new strings are cloned.
    write: (batch) =>
      send({ type: "write", batch }, [batch.at.buffer as ArrayBuffer, batch.fields.buffer as ArrayBuffer]),
    prune: (keep) => send({ type: "prune", keep }),
    query: async (q) => queryAuditFile(reader, q),
    dropped: () => dropped,
    async close() {
      await send({ type: "close" }).catch(() => undefined);
      await worker.terminate();
      reader.close();
    },
  };
}
