import type { Db } from "./database.ts";
import type { RefreshSessionsTable } from "./schema.ts";

/** A sign-in and its refresh token. Access tokens point back to it through `origin_jti`. */
export interface RefreshSession {
  originJti: string;
  tokenHash: string;
  poolId: string;
  clientId: string;
  userSub: string;
  scopes: string[];
  /** Epoch seconds of the original authentication (`auth_time`). */
  authTime: number;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

function toRecord(row: RefreshSessionsTable): RefreshSession {
  return {
    originJti: row.origin_jti,
    tokenHash: row.token_hash,
    poolId: row.pool_id,
    clientId: row.client_id,
    userSub: row.user_sub,
    scopes: JSON.parse(row.scopes) as string[],
    authTime: row.auth_time,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

/** Persistence of refresh sessions; revocation is a timestamp so audits can see when. */
export class RefreshSessionsStore {
  constructor(private readonly db: Db) {}

  async insert(s: RefreshSession): Promise<void> {
    await this.db
      .insertInto("refresh_sessions")
      .values({
        origin_jti: s.originJti,
        token_hash: s.tokenHash,
        pool_id: s.poolId,
        client_id: s.clientId,
        user_sub: s.userSub,
        scopes: JSON.stringify(s.scopes),
        auth_time: s.authTime,
        created_at: s.createdAt,
        expires_at: s.expiresAt,
        revoked_at: s.revokedAt,
      })
      .execute();
  }

  async byTokenHash(tokenHash: string): Promise<RefreshSession | undefined> {
    const row = await this.db
      .selectFrom("refresh_sessions")
      .selectAll()
      .where("token_hash", "=", tokenHash)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** A chain whose previous (rotated-out) token has this hash, with how long that token stays valid. */
  async byPreviousTokenHash(
    tokenHash: string,
  ): Promise<{ session: RefreshSession; validUntil: number } | undefined> {
    const row = await this.db
      .selectFrom("refresh_sessions")
      .selectAll()
      .where("previous_token_hash", "=", tokenHash)
      .executeTakeFirst();
    return row && { session: toRecord(row), validUntil: row.previous_valid_until ?? 0 };
  }

  /** Rotation: the chain gets a new token; the old one is remembered until `graceUntil`. */
  async rotate(originJti: string, oldHash: string, newHash: string, graceUntil: number): Promise<void> {
    await this.db
      .updateTable("refresh_sessions")
      .set({ token_hash: newHash, previous_token_hash: oldHash, previous_valid_until: graceUntil })
      .where("origin_jti", "=", originJti)
      .execute();
  }

  async byOriginJti(originJti: string): Promise<RefreshSession | undefined> {
    const row = await this.db
      .selectFrom("refresh_sessions")
      .selectAll()
      .where("origin_jti", "=", originJti)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async revoke(originJti: string, now: number): Promise<void> {
    await this.db
      .updateTable("refresh_sessions")
      .set({ revoked_at: now })
      .where("origin_jti", "=", originJti)
      .where("revoked_at", "is", null)
      .execute();
  }

  /** Global sign-out: every session of the user, in every client. */
  async revokeAllForUser(poolId: string, userSub: string, now: number): Promise<void> {
    await this.db
      .updateTable("refresh_sessions")
      .set({ revoked_at: now })
      .where("pool_id", "=", poolId)
      .where("user_sub", "=", userSub)
      .where("revoked_at", "is", null)
      .execute();
  }
}
