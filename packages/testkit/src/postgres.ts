/**
 * A throwaway PostgreSQL database per test file, on the machine's server (127.0.0.1:5432, trust
 * auth). Where no server answers, `pgAvailable()` is false and PostgreSQL tests are skipped with
 * the reason printed; SQLite tests still run.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

export const PG_ADMIN_URL = process.env.TOLLGATE_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

let available: Promise<boolean> | undefined;

export function pgAvailable(): Promise<boolean> {
  available ??= (async () => {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 10_000 });
    try {
      await client.connect();
      await client.query("select 1");
      return true;
    } catch (err) {
      // CI starts PostgreSQL (.ci/run): there, not reaching it is a failure, never a quiet skip.
      if (process.env.CI === "true") throw new Error(`CI: ${PG_SKIP_REASON}`, { cause: err });
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return available;
}

export const PG_SKIP_REASON = `PostgreSQL is not reachable at ${PG_ADMIN_URL} (set TOLLGATE_TEST_PG_URL to point at one); PostgreSQL tests skipped, SQLite tests still run`;

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates an empty database and returns its URL and a function that drops it. `icuLocale` (such as
 * `en-US`) gives it that linguistic collation instead of the server's default, as databases made by a
 * distribution's `initdb` often have: text then sorts by language rules, not by bytes.
 */
export async function createTestDatabase(
  options: { icuLocale?: string } = {},
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `tollgate_test_${randomBytes(6).toString("hex")}`;
  const locale = options.icuLocale;
  if (locale !== undefined && !/^[A-Za-z0-9-]+$/.test(locale)) throw new Error(`bad ICU locale '${locale}'`);
  const collation =
    locale === undefined ? "" : ` template template0 locale_provider icu icu_locale '${locale}'`;
  await admin((c) => c.query(`create database ${name}${collation}`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}
