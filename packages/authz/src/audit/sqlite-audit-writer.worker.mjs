// The audit log's SQLite writer, on its own thread with its own connection to the audit log's own
// file: better-sqlite3 is synchronous, and on the server's thread every batch of inserts would stall
// decisions in flight. Plain JavaScript so that it loads in a worker without a TypeScript loader.
//
// A batch arrives as numbers (see decision-batch.ts): the server's string numbering, and the strings
// first seen since the previous batch. The writer maps the server's numbers to the file's
// (`audit_text` ids, shared by every worker of a cluster) once per string, then inserts rows of
// integers, the whole batch in one transaction.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

/** Integers per decision: user, action, type, key (-1: none), tenant, allow, reason. */
const FIELDS = 7;

const db = new Database(workerData.file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
// Other workers of a cluster write here too; wait for them rather than fail.
db.pragma("busy_timeout = 5000");
// Checkpoint every 40 MB of log rather than 4 MB: the user index's pages, dirtied again by each batch,
// are copied into the file once per checkpoint, so fewer checkpoints copy far fewer pages.
db.pragma("wal_autocheckpoint = 10000");

const COLUMNS = "(at, user_id, action_id, type_id, key_id, tenant_id, allow, reason_id)";
// One row per statement: measured, multi-row VALUES lists cost more (binding hundreds of parameters).
const insert = db.prepare(`insert into audit_decision ${COLUMNS} values (?, ?, ?, ?, ?, ?, ?, ?)`);
const findText = db.prepare("select id from audit_text where text = ?").pluck();
const addText = db.prepare("insert into audit_text (text) values (?)");

/** The server's strings by its number, and their ids in the file (once looked up). */
const texts = new Map();
const fileIds = new Map();
/** The server's dictionary started over: numbers below this go once no held batch uses them. */
let forgetBelow;

/** The file's id of the server's string `n`, adding the string to the file the first time. */
function fileId(n, looked) {
  let id = fileIds.get(n);
  if (id === undefined) {
    const text = texts.get(n);
    id = findText.get(text) ?? Number(addText.run(text).lastInsertRowid);
    fileIds.set(n, id);
    looked.push(n);
  }
  return id;
}

function forget(below) {
  for (const n of texts.keys()) if (n < below) texts.delete(n);
  for (const n of fileIds.keys()) if (n < below) fileIds.delete(n);
}

function fillRow(batch, i, out, o, looked) {
  const f = batch.fields;
  const b = i * FIELDS;
  out[o] = batch.at[i];
  out[o + 1] = fileId(f[b], looked);
  out[o + 2] = fileId(f[b + 1], looked);
  out[o + 3] = fileId(f[b + 2], looked);
  out[o + 4] = f[b + 3] === -1 ? null : fileId(f[b + 3], looked);
  out[o + 5] = fileId(f[b + 4], looked);
  out[o + 6] = f[b + 5];
  out[o + 7] = fileId(f[b + 6], looked);
}

/** Writes batches (the held ones first) in one transaction. */
const writeBatches = db.transaction((batches, looked) => {
  const row = new Array(8);
  for (const batch of batches) {
    for (let i = 0; i < batch.count; i++) {
      fillRow(batch, i, row, 0, looked);
      insert.run(row);
    }
  }
});

/** Batches that failed to write (database stalled), retried before the next one; bounded. */
let held = [];
let heldCount = 0;
let dropped = 0;

function write(batch) {
  for (let k = 0; k < batch.texts.length; k++) texts.set(batch.firstText + k, batch.texts[k]);
  if (batch.forgetBelow !== undefined) forgetBelow = batch.forgetBelow;
  held.push(batch);
  heldCount += batch.count;
  const looked = [];
  try {
    // IMMEDIATE: the batch may start with a lookup; another worker's commit between it and the
    // first insert would fail a deferred transaction without waiting (busy_timeout covers only this).
    writeBatches.immediate(held, looked);
  } catch (err) {
    // Rolled back: the ids looked up in it may not exist in the file.
    for (const n of looked) fileIds.delete(n);
    while (heldCount > workerData.maxHeld && held.length > 1) {
      const oldest = held.shift();
      heldCount -= oldest.count;
      dropped += oldest.count;
    }
    throw err;
  }
  held = [];
  heldCount = 0;
  if (forgetBelow !== undefined) {
    forget(forgetBelow);
    forgetBelow = undefined;
  }
}

const bounds = db.prepare("select min(id) as lo, max(id) as hi from audit_decision");
const deleteRange = db.prepare("delete from audit_decision where id >= ? and id < ?");

function prune(keep) {
  const { lo, hi } = bounds.get();
  if (lo === null || hi === null) return;
  const cutoff = hi - keep;
  for (let from = lo; from <= cutoff; from += 5000) deleteRange.run(from, Math.min(from + 5000, cutoff + 1));
}

parentPort.on("message", (message) => {
  try {
    if (message.type === "write") write(message.batch);
    else if (message.type === "prune") prune(message.keep);
    else if (message.type === "close") {
      db.close();
      parentPort.postMessage({ id: message.id, ok: true, dropped });
      parentPort.close();
      return;
    }
    parentPort.postMessage({ id: message.id, ok: true, dropped });
  } catch (err) {
    parentPort.postMessage({ id: message.id, ok: false, error: String(err?.message ?? err), dropped });
  }
});
