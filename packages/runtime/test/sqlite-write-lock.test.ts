// A write transaction that reads first must not fail with "database is locked" when another
// connection commits between its read and its write (the authz audit worker does exactly that).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { Worker } from "node:worker_threads";
import SqliteDatabase from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { openSqliteConnection, openSqliteKysely } from "../src/index.ts";

interface Tables {
  items: { id: number; n: number };
  other: { id: number };
}

const dir = mkdtempSync(join(tmpdir(), "tollgate-runtime-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function freshFile(name: string): string {
  const file = join(dir, name);
  const setup = openSqliteConnection(file);
  setup.exec("create table items (id integer primary key, n integer not null)");
  setup.exec("create table other (id integer primary key autoincrement)");
  setup.close();
  return file;
}

/** Read, let another connection commit, then write: the interleaving that failed under load. */
async function readThenWriteWhileOtherCommits(db: Kysely<Tables>, other: SqliteDatabase.Database) {
  return db.transaction().execute(async (tx) => {
    const before = await tx
      .selectFrom("items")
      .select((eb) => eb.fn.countAll<number>().as("c"))
      .executeTakeFirst();
    let otherCommitted = true;
    try {
      other.prepare("insert into other default values").run();
    } catch {
      otherCommitted = false; // the lock is ours: the other writer would have to wait
    }
    await tx
      .insertInto("items")
      .values({ id: 1, n: Number(before?.c ?? 0) })
      .execute();
    return otherCommitted;
  });
}

test("the stock deferred transaction fails when another connection commits between read and write", async () => {
  const file = freshFile("deferred.db");
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: new SqliteDatabase(file) }) });
  const other = new SqliteDatabase(file);
  other.pragma("busy_timeout = 0");
  await assert.rejects(readThenWriteWhileOtherCommits(db, other), /locked|busy/i);
  other.close();
  await db.destroy();
});

test("the runtime's transactions take the write lock first, so the same interleaving commits", async () => {
  const file = freshFile("immediate.db");
  const db = openSqliteKysely<Tables>(file);
  const other = new SqliteDatabase(file);
  other.pragma("busy_timeout = 0");
  const otherCommitted = await readThenWriteWhileOtherCommits(db, other);
  assert.equal(otherCommitted, false, "the other writer must find the lock taken, not slip in between");
  const rows = await db.selectFrom("items").selectAll().execute();
  assert.equal(rows.length, 1);
  other.close();
  await db.destroy();
});

test("read-then-write transactions all commit while a worker thread writes continuously", async () => {
  const file = freshFile("load.db");
  const db = openSqliteKysely<Tables>(file);
  // The worker uses the same pragmas (busy timeout) as every Tollgate connection, like the audit writer.
  const worker = new Worker(
    `const { workerData, parentPort } = require("node:worker_threads");
     const Database = require(workerData.betterSqlite);
     const db = new Database(workerData.file);
     db.pragma("journal_mode = WAL"); db.pragma("busy_timeout = 10000");
     const insert = db.prepare("insert into other default values");
     const batch = db.transaction(() => { for (let i = 0; i < 50; i++) insert.run(); });
     let stop = false, written = 0;
     parentPort.on("message", () => { stop = true; });
     (function loop() {
       if (stop) { db.close(); parentPort.postMessage(written); return; }
       batch(); written += 50; setImmediate(loop);
     })();`,
    { eval: true, workerData: { file, betterSqlite: require_("better-sqlite3") } },
  );
  const failures: unknown[] = [];
  const count = 300;
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      try {
        await db.transaction().execute(async (tx) => {
          await tx.selectFrom("items").selectAll().where("id", "=", i).executeTakeFirst();
          await new Promise((resolve) => setImmediate(resolve));
          await tx.insertInto("items").values({ id: i, n: i }).execute();
        });
      } catch (err) {
        failures.push(err);
      }
    }),
  );
  worker.postMessage("stop");
  const written: number = await new Promise((resolve) => worker.once("message", resolve));
  await worker.terminate();
  assert.deepEqual(failures, []);
  const rows = await db.selectFrom("items").select("id").execute();
  assert.equal(rows.length, count, "every committed write is there");
  assert.ok(written > 0, "the worker wrote beside the transactions");
  await db.destroy();
});

function require_(name: string): string {
  return import.meta.resolve(name).replace(/^file:\/\//, "");
}
