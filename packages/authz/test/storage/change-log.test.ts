/**
 * Storage contract, part 2: the change log. Versions grow in commit order, a failed write leaves no
 * entry, readers page through it in order, and a writer that takes the write lock waits for one
 * already holding it, so no reader can see a later version before an earlier one commits.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import { until } from "@tollgate/testkit/until";
import { sql } from "kysely";
import { appendChange, changesSince, latestVersion, lockWrites } from "../../src/storage/changes.ts";
import type { Store } from "../../src/storage/store.ts";
import * as tenants from "../../src/storage/tenants.ts";
import { forEachStore } from "./drivers.ts";
import { AT, tenant } from "./records.ts";

/** One write as the service commits it: lock, work, log; returns the version. */
function write(store: Store, key: string, work: () => Promise<void> = async () => undefined) {
  return store.transaction(async (tx) => {
    await lockWrites(tx, store.dialect);
    await tenants.insertTenant(tx, tenant(key));
    await work();
    return appendChange(tx, store.dialect, "tenant", [key], AT);
  });
}

forEachStore("storage contract: change log", ({ opened, skip }) => {
  it("starts empty, then numbers writes in order with their kind and keys", { skip }, async () => {
    const { store } = opened();
    assert.equal(await latestVersion(store.db), 0);
    const v1 = await write(store, "c1");
    const v2 = await store.transaction(async (tx) => {
      await lockWrites(tx, store.dialect);
      return appendChange(tx, store.dialect, "relationship_tuple", ["user:a|member|team:b", "ü|ß|東"], AT);
    });
    assert.ok(v2 > v1 && v1 > 0);
    assert.equal(await latestVersion(store.db), v2);
    assert.deepEqual(await changesSince(store.db, 0), [
      { version: v1, kind: "tenant", keys: ["c1"], at: AT },
      { version: v2, kind: "relationship_tuple", keys: ["user:a|member|team:b", "ü|ß|東"], at: AT },
    ]);
    assert.deepEqual(await changesSince(store.db, v2), []);
  });

  it("a failed write logs nothing, and later versions are still read after it", { skip }, async () => {
    const { store } = opened();
    const before = await latestVersion(store.db);
    await assert.rejects(write(store, "c-failed", () => Promise.reject(new Error("abort"))));
    assert.equal(await latestVersion(store.db), before);
    assert.equal(await tenants.getTenant(store.db, "c-failed"), undefined);
    const next = await write(store, "c-after");
    const seen = await changesSince(store.db, before);
    assert.deepEqual(
      seen.map((c) => [c.version, c.keys]),
      [[next, ["c-after"]]],
    );
  });

  it("pages through many changes in version order with a limit", { skip }, async () => {
    const { store } = opened();
    const start = await latestVersion(store.db);
    const written: number[] = [];
    for (let i = 0; i < 25; i++) written.push(await write(store, `page-${i}`));
    const read: number[] = [];
    let cursor = start;
    for (;;) {
      const batch = await changesSince(store.db, cursor, 7);
      if (batch.length === 0) break;
      assert.ok(batch.length <= 7);
      read.push(...batch.map((c) => c.version));
      cursor = batch[batch.length - 1]!.version;
    }
    assert.deepEqual(read, written);
  });

  it("a second writer waits for the write lock; versions become visible in commit order", {
    skip,
  }, async () => {
    const first = opened().store;
    const other = await opened().openAnother();
    const start = await latestVersion(first.db);
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let firstLogged = false;
    const one = write(first, "lock-1", async () => {
      firstLogged = true;
      await held;
    });
    await until(() => firstLogged, "the first writer to hold the lock");
    // SQLite: one connection per store runs one transaction at a time, and only one connection can
    // write, so the second write goes through the same store and queues. PostgreSQL: another pool,
    // which blocks on the advisory lock.
    const writer = first.dialect === "postgres" ? other : first;
    let secondDone = false;
    const two = write(writer, "lock-2").then((v) => {
      secondDone = true;
      return v;
    });
    if (first.dialect === "postgres") {
      await until(async () => {
        const waiting = await sql<{ n: number }>`
          select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`.execute(
          other.db,
        );
        return waiting.rows[0]!.n > 0;
      }, "the second writer to wait for the advisory lock");
    }
    assert.equal(secondDone, false, "the second write cannot commit while the first holds the lock");
    assert.deepEqual(await changesSince(other.db, start), [], "nothing uncommitted is visible");
    release();
    const [v1, v2] = await Promise.all([one, two]);
    assert.ok(v1 < v2, `first ${v1} before second ${v2}`);
    assert.deepEqual(
      (await changesSince(other.db, start)).map((c) => c.keys[0]),
      ["lock-1", "lock-2"],
    );
  });
});
