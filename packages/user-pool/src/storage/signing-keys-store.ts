import type { Db } from "./database.ts";

/** A stored RSA signing key (private JWK) for one token type. */
export interface StoredSigningKey {
  purpose: "id" | "access";
  kid: string;
  privateJwk: string;
}

/** Persistence of signing keys, so `kid`s stay stable across restarts and verifiers' JWKS caches stay valid. */
export class SigningKeysStore {
  constructor(private readonly db: Db) {}

  async get(purpose: "id" | "access"): Promise<StoredSigningKey | undefined> {
    const row = await this.db
      .selectFrom("signing_keys")
      .selectAll()
      .where("purpose", "=", purpose)
      .executeTakeFirst();
    return row && { purpose, kid: row.kid, privateJwk: row.private_jwk };
  }

  /** First writer wins, so two processes starting on one data dir agree on the keys. */
  async insertIfAbsent(key: StoredSigningKey, now: number): Promise<void> {
    await this.db
      .insertInto("signing_keys")
      .values({ purpose: key.purpose, kid: key.kid, private_jwk: key.privateJwk, created_at: now })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}
