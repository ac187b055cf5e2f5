import type { Db } from "./database.ts";

/** The hosted UI's sign-in session behind its cookie (one hour, for silent re-authentication). */
export interface LoginSession {
  idHash: string;
  poolId: string;
  userSub: string;
  authTime: number;
  expiresAt: number;
}

/** Persistence of hosted-UI sign-in sessions. */
export class LoginSessionsStore {
  constructor(private readonly db: Db) {}

  async insert(s: LoginSession): Promise<void> {
    await this.db
      .insertInto("login_sessions")
      .values({
        id_hash: s.idHash,
        pool_id: s.poolId,
        user_sub: s.userSub,
        auth_time: s.authTime,
        expires_at: s.expiresAt,
      })
      .execute();
  }

  async get(idHash: string): Promise<LoginSession | undefined> {
    const row = await this.db
      .selectFrom("login_sessions")
      .selectAll()
      .where("id_hash", "=", idHash)
      .executeTakeFirst();
    return (
      row && {
        idHash: row.id_hash,
        poolId: row.pool_id,
        userSub: row.user_sub,
        authTime: row.auth_time,
        expiresAt: row.expires_at,
      }
    );
  }

  async delete(idHash: string): Promise<void> {
    await this.db.deleteFrom("login_sessions").where("id_hash", "=", idHash).execute();
  }
}
