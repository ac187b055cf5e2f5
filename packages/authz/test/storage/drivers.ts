/**
 * The storage contract runs on every driver the store supports: SQLite, PostgreSQL, and PostgreSQL
 * with a linguistic (ICU en-US) collation, where text sorts by language rules rather than bytes.
 * `forEachStore` gives each driver a fresh, migrated, empty database per `describe`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe } from "node:test";
import { createTestDatabase, PG_SKIP_REASON, pgAvailable } from "@tollgate/testkit/postgres";
import { openPostgresStore } from "../../src/storage/postgres.ts";
import { openSqliteStore } from "../../src/storage/sqlite.ts";
import type { Store } from "../../src/storage/store.ts";

export interface OpenedStore {
  store: Store;
  /** A second, independent connection to the same database (another replica, another writer). */
  openAnother(): Promise<Store>;
  close(): Promise<void>;
}

export interface StoreDriver {
  name: string;
  /** Why this driver cannot run here, or false. */
  skip: string | false;
  open(): Promise<OpenedStore>;
}

async function openPostgres(icuLocale?: string): Promise<OpenedStore> {
  const db = await createTestDatabase(icuLocale === undefined ? {} : { icuLocale });
  const stores: Store[] = [await openPostgresStore(db.url)];
  return {
    store: stores[0]!,
    async openAnother() {
      const another = await openPostgresStore(db.url);
      stores.push(another);
      return another;
    },
    async close() {
      for (const s of stores) await s.close();
      await db.drop();
    },
  };
}

// Probed once, before any test runs: SQLite work is synchronous and holds the event loop, so a probe
// started beside it could time out with PostgreSQL up.
const pgSkip = (await pgAvailable()) ? false : PG_SKIP_REASON;

export const drivers: StoreDriver[] = [
  {
    name: "sqlite",
    skip: false,
    async open() {
      const dir = mkdtempSync(join(tmpdir(), "tollgate-store-"));
      const file = join(dir, "authz.db");
      const stores: Store[] = [await openSqliteStore(file)];
      return {
        store: stores[0]!,
        async openAnother() {
          const another = await openSqliteStore(file);
          stores.push(another);
          return another;
        },
        async close() {
          for (const s of stores) await s.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  { name: "postgres", skip: pgSkip, open: () => openPostgres() },
  { name: "postgres (ICU en-US collation)", skip: pgSkip, open: () => openPostgres("en-US") },
];

/**
 * Declares `title` once per driver. `body` gets a getter for the open store (valid inside tests)
 * and the skip reason to pass to each `it`, so a driver that cannot run shows as skipped, with why.
 */
export function forEachStore(
  title: string,
  body: (ctx: { opened: () => OpenedStore; skip: string | false }) => void,
): void {
  for (const driver of drivers) {
    describe(`${title} (${driver.name})`, () => {
      const skip = driver.skip;
      let opened: OpenedStore | undefined;
      before(async () => {
        if (!skip) opened = await driver.open();
      });
      after(async () => {
        await opened?.close();
      });
      body({
        opened: () => {
          if (opened === undefined) throw new Error(`${driver.name} store is not open`);
          return opened;
        },
        skip,
      });
    });
  }
}
