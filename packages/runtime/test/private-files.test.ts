// The data directory and everything in it (databases, WAL/SHM, keys) is readable by the owner only,
// on a fresh start and after upgrading a directory an older version left world-readable.
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import SqliteDatabase from "better-sqlite3";
import { ensurePrivateFile, openSqliteKysely, writePrivateFile } from "../src/index.ts";

const root = mkdtempSync(join(tmpdir(), "tollgate-modes-"));
after(() => rmSync(root, { recursive: true, force: true }));
const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

test("a fresh data directory is 0700 and the database, -wal and -shm are 0600", async () => {
  const previous = process.umask(0o022); // the usual umask, which made the files 0644 before
  try {
    const dir = join(root, "fresh", "data");
    const file = join(dir, "service.db");
    const db = openSqliteKysely<{ t: { x: number } }>(file);
    await db.schema.createTable("t").addColumn("x", "integer").execute();
    await db.insertInto("t").values({ x: 1 }).execute();
    assert.equal(mode(dir), "700");
    for (const path of [file, `${file}-wal`, `${file}-shm`]) assert.equal(mode(path), "600", path);
    writePrivateFile(join(dir, "api-key"), "secret\n");
    assert.equal(mode(join(dir, "api-key")), "600");
    await db.destroy();
  } finally {
    process.umask(previous);
  }
});

test("an existing world-readable data directory is tightened on the next start", async () => {
  const dir = join(root, "upgrade");
  mkdirSync(dir, { mode: 0o755 });
  chmodSync(dir, 0o755);
  const file = join(dir, "service.db");
  // What an older version left behind: a database in WAL mode, its WAL/SHM and a key file, all 0644.
  const old = new SqliteDatabase(file);
  old.pragma("journal_mode = WAL");
  old.exec("create table t (x integer)");
  old.exec("insert into t values (1)");
  writeFileSync(join(dir, "authz-api-key"), "permit_key_old\n");
  for (const path of [file, `${file}-wal`, `${file}-shm`, join(dir, "authz-api-key")]) chmodSync(path, 0o644);
  const db = openSqliteKysely<{ t: { x: number } }>(file);
  ensurePrivateFile(join(dir, "authz-api-key")); // what the authz service does with its key file
  assert.equal((await db.selectFrom("t").selectAll().execute()).length, 1, "the data survives the upgrade");
  assert.equal(mode(dir), "700");
  for (const path of [file, `${file}-wal`, `${file}-shm`, join(dir, "authz-api-key")])
    assert.equal(mode(path), "600", path);
  await db.destroy();
  old.close();
});
