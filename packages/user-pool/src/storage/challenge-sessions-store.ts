import type { Db } from "./database.ts";

/** The opaque `Session` of an auth challenge round trip (NEW_PASSWORD_REQUIRED), stored by hash. */
export interface ChallengeSession {
  idHash: string;
  poolId: string;
  clientId: string;
  userSub: string;
  challenge: string;
  expiresAt: number;
  usedAt: number | null;
  /** Challenge-specific state (JSON), e.g. SRP's ephemeral values. */
  data?: string | null;
}

/** Persistence of challenge sessions. */
export class ChallengeSessionsStore {
  constructor(private readonly db: Db) {}

  async insert(s: ChallengeSession): Promise<void> {
    await this.db
      .insertInto("challenge_sessions")
      .values({
        id_hash: s.idHash,
        pool_id: s.poolId,
        client_id: s.clientId,
        user_sub: s.userSub,
        challenge: s.challenge,
        expires_at: s.expiresAt,
        used_at: s.usedAt,
        data: s.data ?? null,
      })
      .execute();
  }

  async get(idHash: string): Promise<ChallengeSession | undefined> {
    const row = await this.db
      .selectFrom("challenge_sessions")
      .selectAll()
      .where("id_hash", "=", idHash)
      .executeTakeFirst();
    return (
      row && {
        idHash: row.id_hash,
        poolId: row.pool_id,
        clientId: row.client_id,
        userSub: row.user_sub,
        challenge: row.challenge,
        expiresAt: row.expires_at,
        usedAt: row.used_at,
        data: row.data,
      }
    );
  }

  async updateData(idHash: string, data: string): Promise<void> {
    await this.db.updateTable("challenge_sessions").set({ data }).where("id_hash", "=", idHash).execute();
  }

  /** Single use: true only for the caller that consumed it. */
  async consume(idHash: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable("challenge_sessions")
      .set({ used_at: now })
      .where("id_hash", "=", idHash)
      .where("used_at", "is", null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
