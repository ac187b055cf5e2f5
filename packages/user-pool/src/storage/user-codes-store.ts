import type { Db } from "./database.ts";

/** A pending one-time code for a user. */
export interface UserCode {
  poolId: string;
  userSub: string;
  purpose: string;
  codeHash: string;
  expiresAt: number;
  failures: number;
}

/** Persistence of one-time codes; issuing a new code replaces the pending one. */
export class UserCodesStore {
  constructor(private readonly db: Db) {}

  async put(c: UserCode): Promise<void> {
    const row = {
      pool_id: c.poolId,
      user_sub: c.userSub,
      purpose: c.purpose,
      code_hash: c.codeHash,
      expires_at: c.expiresAt,
      failures: c.failures,
    };
    await this.db
      .insertInto("user_codes")
      .values(row)
      .onConflict((oc) =>
        oc.columns(["pool_id", "user_sub", "purpose"]).doUpdateSet({
          code_hash: row.code_hash,
          expires_at: row.expires_at,
          failures: 0,
        }),
      )
      .execute();
  }

  async get(poolId: string, userSub: string, purpose: string): Promise<UserCode | undefined> {
    const row = await this.db
      .selectFrom("user_codes")
      .selectAll()
      .where("pool_id", "=", poolId)
      .where("user_sub", "=", userSub)
      .where("purpose", "=", purpose)
      .executeTakeFirst();
    return (
      row && {
        poolId: row.pool_id,
        userSub: row.user_sub,
        purpose: row.purpose,
        codeHash: row.code_hash,
        expiresAt: row.expires_at,
        failures: row.failures,
      }
    );
  }

  async recordFailure(poolId: string, userSub: string, purpose: string): Promise<void> {
    await this.db
      .updateTable("user_codes")
      .set((eb) => ({ failures: eb("failures", "+", 1) }))
      .where("pool_id", "=", poolId)
      .where("user_sub", "=", userSub)
      .where("purpose", "=", purpose)
      .execute();
  }

  async delete(poolId: string, userSub: string, purpose: string): Promise<void> {
    await this.db
      .deleteFrom("user_codes")
      .where("pool_id", "=", poolId)
      .where("user_sub", "=", userSub)
      .where("purpose", "=", purpose)
      .execute();
  }
}
