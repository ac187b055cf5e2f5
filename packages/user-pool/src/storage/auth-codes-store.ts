import type { Db } from "./database.ts";
import type { AuthCodesTable } from "./schema.ts";

/** An authorization code as issued by /oauth2/authorize (stored by hash). */
export interface AuthCode {
  codeHash: string;
  poolId: string;
  clientId: string;
  userSub: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge: string | null;
  nonce: string | null;
  authTime: number;
  expiresAt: number;
  usedAt: number | null;
  originJti: string | null;
}

function toRecord(row: AuthCodesTable): AuthCode {
  return {
    codeHash: row.code_hash,
    poolId: row.pool_id,
    clientId: row.client_id,
    userSub: row.user_sub,
    redirectUri: row.redirect_uri,
    scopes: JSON.parse(row.scopes) as string[],
    codeChallenge: row.code_challenge,
    nonce: row.nonce,
    authTime: row.auth_time,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
    originJti: row.origin_jti,
  };
}

/** Persistence of authorization codes. */
export class AuthCodesStore {
  constructor(private readonly db: Db) {}

  async insert(c: AuthCode): Promise<void> {
    await this.db
      .insertInto("auth_codes")
      .values({
        code_hash: c.codeHash,
        pool_id: c.poolId,
        client_id: c.clientId,
        user_sub: c.userSub,
        redirect_uri: c.redirectUri,
        scopes: JSON.stringify(c.scopes),
        code_challenge: c.codeChallenge,
        nonce: c.nonce,
        auth_time: c.authTime,
        expires_at: c.expiresAt,
        used_at: c.usedAt,
        origin_jti: c.originJti,
      })
      .execute();
  }

  async get(codeHash: string): Promise<AuthCode | undefined> {
    const row = await this.db
      .selectFrom("auth_codes")
      .selectAll()
      .where("code_hash", "=", codeHash)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /**
   * Marks a code used; true only for the one caller that flipped it, so two concurrent redemptions
   * cannot both succeed.
   */
  async markUsed(codeHash: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable("auth_codes")
      .set({ used_at: now })
      .where("code_hash", "=", codeHash)
      .where("used_at", "is", null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async setOriginJti(codeHash: string, originJti: string): Promise<void> {
    await this.db
      .updateTable("auth_codes")
      .set({ origin_jti: originJti })
      .where("code_hash", "=", codeHash)
      .execute();
  }

  /** Housekeeping: codes live five minutes; keep used ones a day so replays can still be detected. */
  async deleteExpired(before: number): Promise<void> {
    await this.db.deleteFrom("auth_codes").where("expires_at", "<", before).execute();
  }
}
