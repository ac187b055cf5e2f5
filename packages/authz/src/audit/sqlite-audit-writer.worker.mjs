// The audit log's SQLite writer, on its own thread with its own connection to the audit log's own
// file: better-sqlite3 is synchronous, and on the server's thread every batch of inserts would stall
// decisions in flight. Plain JavaScript so that it loads in a worker without a TypeScript loader.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const db = new Database(workerData.file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
// Other workers of a cluster write here too; wait for them rather than fail.
db.pragma("busy_timeout = 5000");

const insert = db.prepare(
  "insert into audit_log (at, user_key, action, resource_type, resource_key, tenant, allow, reason) values (?, ?, ?, ?, ?, ?, ?, ?)",
);

/** Writes a batch of decision columns (see decision-columns.ts) in one transaction. */
const writeBatch = db.transaction((c) => {
  const { at, user, action, type, key, tenant, allow, reason } = c;
  for (let i = 0; i < at.length; i++) {
    insert.run(
      new Date(at[i]).toISOString(),
      user[i],
      action[i],
      type[i],
      key[i],
      tenant[i],
      allow[i],
      reason[i],
    );
  }
});
const bounds = db.prepare("select min(id) as lo, max(id) as hi from audit_log");
const deleteRange = db.prepare("delete from audit_log where id >= ? and id < ?");

function prune(keep) {
  const { lo, hi } = bounds.get();
  if (lo === null || hi === null) return;
  const cutoff = hi - keep;
  for (let from = lo; from <= cutoff; from += 5000) deleteRange.run(from, Math.min(from + 5000, cutoff + 1));
}

parentPort.on("message", (message) => {
  try {
    if (message.type === "write") writeBatch(message.columns);
    else if (message.type === "prune") prune(message.keep);
    else if (message.type === "close") {
      db.close();
      parentPort.postMessage({ id: message.id, ok: true });
      parentPort.close();
      return;
    }
    parentPort.postMessage({ id: message.id, ok: true });
  } catch (err) {
    parentPort.postMessage({ id: message.id, ok: false, error: String(err?.message ?? err) });
  }
});
