import { Worker } from "node:worker_threads";
import { type Kysely, sql } from "kysely";
import { insertAuditBatch, pruneAudit } from "../storage/audit.ts";
import type { Database } from "../storage/schema.ts";
import type { Store } from "../storage/store.ts";
import { openAuditFile } from "./audit-file.ts";
import { type DecisionColumns, toRecords } from "./decision-columns.ts";

/** Where buffered decisions are written, and where the log is read back from. */
export interface AuditSink {
  /** The database holding `audit_log`, for queries. */
  readonly reader: Kysely<Database>;
  write(batch: DecisionColumns): Promise<void>;
  prune(keep: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * For a SQLite store: the log's own file, written by a worker thread with its own connection, so
 * the server's thread only hands the batch over. For PostgreSQL: one statement per batch on the
 * store's pool (asynchronous I/O anyway). SQLite in memory (tests): the store's own connection.
 */
export function auditSinkFor(store: Store): AuditSink {
  if (store.sqliteFile) return workerSink(store.sqliteFile);
  return store.dialect === "postgres" ? postgresSink(store) : storeSink(store);
}

function storeSink(store: Store): AuditSink {
  return {
    reader: store.db,
    write: (batch) => insertAuditBatch(store.db, toRecords(batch)),
    prune: async (keep) => {
      await pruneAudit(store.db, keep);
    },
    close: async () => undefined,
  };
}

/** One INSERT … SELECT FROM unnest(arrays) per batch: eight parameters whatever the batch size. */
function postgresSink(store: Store): AuditSink {
  return {
    ...storeSink(store),
    async write(c) {
      const at = c.at.map((ms) => new Date(ms).toISOString());
      await sql`insert into audit_log (at, user_key, action, resource_type, resource_key, tenant, allow, reason)
        select * from unnest(${at}::text[], ${c.user}::text[], ${c.action}::text[], ${c.type}::text[],
          ${c.key}::text[], ${c.tenant}::text[], ${c.allow}::int[], ${c.reason}::text[])`.execute(store.db);
    },
  };
}

function workerSink(storeFile: string): AuditSink {
  const { file, reader } = openAuditFile(storeFile);
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
    reader,
    write: (columns) => send({ type: "write", columns }),
    prune: (keep) => send({ type: "prune", keep }),
    async close() {
      await send({ type: "close" }).catch(() => undefined);
      await worker.terminate();
      await reader.destroy();
    },
  };
}
