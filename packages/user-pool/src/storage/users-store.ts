import type { UserMfa, UserRecord, UserStatus } from "../domain/model.ts";
import type { Db } from "./database.ts";
import type { UsersTable } from "./schema.ts";

function toRecord(row: UsersTable): UserRecord {
  return {
    poolId: row.pool_id,
    sub: row.sub,
    username: row.username,
    attributes: JSON.parse(row.attributes) as Record<string, string>,
    status: row.status as UserStatus,
    enabled: row.enabled === 1,
    passwordHash: row.password_hash,
    srpSalt: row.srp_salt,
    srpVerifier: row.srp_verifier,
    mfa: row.mfa === null ? null : (JSON.parse(row.mfa) as UserMfa),
    temporaryPasswordExpiresAt: row.temporary_password_expires_at,
    confirmationCodeHash: row.confirmation_code_hash,
    confirmationCodeExpiresAt: row.confirmation_code_expires_at,
    confirmationFailures: row.confirmation_failures,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRow(user: UserRecord, usernameKey: string): UsersTable {
  return {
    pool_id: user.poolId,
    sub: user.sub,
    username: user.username,
    username_key: usernameKey,
    attributes: JSON.stringify(user.attributes),
    status: user.status,
    enabled: user.enabled ? 1 : 0,
    password_hash: user.passwordHash,
    srp_salt: user.srpSalt,
    srp_verifier: user.srpVerifier,
    mfa: user.mfa === null ? null : JSON.stringify(user.mfa),
    temporary_password_expires_at: user.temporaryPasswordExpiresAt,
    confirmation_code_hash: user.confirmationCodeHash,
    confirmation_code_expires_at: user.confirmationCodeExpiresAt,
    confirmation_failures: user.confirmationFailures,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
  };
}

/** Persistence of users. `usernameKey` is the case-folded form for case-insensitive pools. */
export class UsersStore {
  constructor(private readonly db: Db) {}

  async insert(user: UserRecord, usernameKey: string): Promise<void> {
    await this.db.insertInto("users").values(toRow(user, usernameKey)).execute();
  }

  async save(user: UserRecord): Promise<void> {
    const { pool_id, sub, username_key: _key, created_at: _c, ...rest } = toRow(user, "");
    await this.db
      .updateTable("users")
      .set(rest)
      .where("pool_id", "=", pool_id)
      .where("sub", "=", sub)
      .execute();
  }

  async byUsernameKey(poolId: string, usernameKey: string): Promise<UserRecord | undefined> {
    const row = await this.db
      .selectFrom("users")
      .selectAll()
      .where("pool_id", "=", poolId)
      .where("username_key", "=", usernameKey)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async bySub(poolId: string, sub: string): Promise<UserRecord | undefined> {
    const row = await this.db
      .selectFrom("users")
      .selectAll()
      .where("pool_id", "=", poolId)
      .where("sub", "=", sub)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /**
   * Users whose attribute has a value (alias sign-in: email as username). JSON lookups are a scan, which
   * is fine at the scale of a local pool.
   */
  async byAttribute(poolId: string, name: string, value: string): Promise<UserRecord[]> {
    const rows = await this.db.selectFrom("users").selectAll().where("pool_id", "=", poolId).execute();
    return rows.map(toRecord).filter((u) => u.attributes[name] === value);
  }

  /** All users of a pool in creation order (pagination is applied by the caller). */
  async listByPool(poolId: string): Promise<UserRecord[]> {
    const rows = await this.db
      .selectFrom("users")
      .selectAll()
      .where("pool_id", "=", poolId)
      .orderBy("created_at")
      .orderBy("sub")
      .execute();
    return rows.map(toRecord);
  }

  async countByPool(poolId: string): Promise<number> {
    const row = await this.db
      .selectFrom("users")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("pool_id", "=", poolId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async delete(poolId: string, sub: string): Promise<void> {
    await this.db.deleteFrom("users").where("pool_id", "=", poolId).where("sub", "=", sub).execute();
  }
}
