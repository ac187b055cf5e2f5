import { Worker } from "node:worker_threads";
import { insertAuditBatch, type NewAuditRecord, pruneAudit } from "../storage/audit.ts";
import type { Store } from "../storage/store.ts";

/** Where buffered decisions are written. */
export interface AuditSink {
  write(rows: readonly NewAuditRecord[]): Promise<void>;
  prune(keep: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * For a SQLite file: a worker thread with its own connection writes each batch in one transaction,
 * so the server's thread only hands the batch over. For PostgreSQL (or SQLite in memory): the
 * store's own connection, whose I/O is asynchronous anyway.
 */
export function auditSinkFor(store: Store): AuditSink {
  return store.sqliteFile ? workerSink(store.sqliteFile) : storeSink(store);
}

function storeSink(store: Store): AuditSink {
  return {
    write: (rows) => insertAuditBatch(store.db, rows),
    prune: async (keep) => {
      await pruneAudit(store.db, keep);
    },
    close: async () => undefined,
  };
}

function workerSink(file: string): AuditSink {
  const worker = new Worker(new URL("./sqlite-audit-writer.worker.mjs", import.meta.url), {
    workerData: { file },
  });
  worker.unref();
  let next = 0;
  const pending = new Map<number, { resolve(): void; reject(err: Error): void }>();
  worker.on("message", (m: { id: number; ok: boolean; error?: string }) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.ok) p?.resolve();
    else p?.reject(new Error(`audit writer: ${m.error}`));
  });
  worker.on("error", (err) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  });
  const send = (message: Record<string, unknown>) =>
    new Promise<void>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  return {
    write: (rows) => send({ type: "write", rows }),
    prune: (keep) => send({ type: "prune", keep }),
    async close() {
      await send({ type: "close" }).catch(() => undefined);
      await worker.terminate();
    },
  };
}
