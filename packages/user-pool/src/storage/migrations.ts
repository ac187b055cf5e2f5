import type { Kysely, Migration } from "kysely";

/**
 * Schema migrations, applied in key order at start. Append new ones; never edit one that has shipped,
 * because existing data directories have already run it.
 */
export const migrations: Record<string, Migration> = {
  "0001-initial": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("pools")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("settings", "text", (c) => c.notNull())
        .addColumn("created_at", "integer", (c) => c.notNull())
        .addColumn("updated_at", "integer", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("clients")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("pool_id", "text", (c) => c.notNull().references("pools.id").onDelete("cascade"))
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("secret", "text")
        .addColumn("settings", "text", (c) => c.notNull())
        .addColumn("created_at", "integer", (c) => c.notNull())
        .addColumn("updated_at", "integer", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("users")
        .addColumn("pool_id", "text", (c) => c.notNull().references("pools.id").onDelete("cascade"))
        .addColumn("sub", "text", (c) => c.notNull())
        .addColumn("username", "text", (c) => c.notNull())
        .addColumn("username_key", "text", (c) => c.notNull())
        .addColumn("attributes", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("enabled", "integer", (c) => c.notNull())
        .addColumn("password_hash", "text")
        .addColumn("temporary_password_expires_at", "integer")
        .addColumn("confirmation_code_hash", "text")
        .addColumn("confirmation_code_expires_at", "integer")
        .addColumn("confirmation_failures", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("created_at", "integer", (c) => c.notNull())
        .addColumn("updated_at", "integer", (c) => c.notNull())
        .addPrimaryKeyConstraint("users_pk", ["pool_id", "sub"])
        .addUniqueConstraint("users_username", ["pool_id", "username_key"])
        .execute();
      await db.schema
        .createTable("groups")
        .addColumn("pool_id", "text", (c) => c.notNull().references("pools.id").onDelete("cascade"))
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("description", "text")
        .addColumn("precedence", "integer")
        .addColumn("role_arn", "text")
        .addColumn("created_at", "integer", (c) => c.notNull())
        .addColumn("updated_at", "integer", (c) => c.notNull())
        .addPrimaryKeyConstraint("groups_pk", ["pool_id", "name"])
        .execute();
      await db.schema
        .createTable("memberships")
        .addColumn("pool_id", "text", (c) => c.notNull())
        .addColumn("group_name", "text", (c) => c.notNull())
        .addColumn("user_sub", "text", (c) => c.notNull())
        .addColumn("created_at", "integer", (c) => c.notNull())
        .addPrimaryKeyConstraint("memberships_pk", ["pool_id", "group_name", "user_sub"])
        .addForeignKeyConstraint(
          "memberships_group",
          ["pool_id", "group_name"],
          "groups",
          ["pool_id", "name"],
          (c) => c.onDelete("cascade"),
        )
        .addForeignKeyConstraint(
          "memberships_user",
          ["pool_id", "user_sub"],
          "users",
          ["pool_id", "sub"],
          (c) => c.onDelete("cascade"),
        )
        .execute();
      await db.schema
        .createTable("resource_servers")
        .addColumn("pool_id", "text", (c) => c.notNull().references("pools.id").onDelete("cascade"))
        .addColumn("identifier", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("scopes", "text", (c) => c.notNull())
        .addColumn("created_at", "integer", (c) => c.notNull())
        .addPrimaryKeyConstraint("resource_servers_pk", ["pool_id", "identifier"])
        .execute();
      await db.schema
        .createTable("signing_keys")
        .addColumn("purpose", "text", (c) => c.primaryKey())
        .addColumn("kid", "text", (c) => c.notNull())
        .addColumn("private_jwk", "text", (c) => c.notNull())
        .addColumn("created_at", "integer", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("refresh_sessions")
        .addColumn("origin_jti", "text", (c) => c.primaryKey())
        .addColumn("token_hash", "text", (c) => c.notNull().unique())
        .addColumn("pool_id", "text", (c) => c.notNull().references("pools.id").onDelete("cascade"))
        .addColumn("client_id", "text", (c) => c.notNull())
        .addColumn("user_sub", "text", (c) => c.notNull())
        .addColumn("scopes", "text", (c) => c.notNull())
        .addColumn("auth_time", "integer", (c) => c.notNull())
        .addColumn("created_at", "integer", (c) => c.notNull())
        .addColumn("expires_at", "integer", (c) => c.notNull())
        .addColumn("revoked_at", "integer")
        .execute();
      await db.schema
        .createIndex("refresh_sessions_user")
        .on("refresh_sessions")
        .columns(["pool_id", "user_sub"])
        .execute();
      await db.schema
        .createTable("auth_codes")
        .addColumn("code_hash", "text", (c) => c.primaryKey())
        .addColumn("pool_id", "text", (c) => c.notNull().references("pools.id").onDelete("cascade"))
        .addColumn("client_id", "text", (c) => c.notNull())
        .addColumn("user_sub", "text", (c) => c.notNull())
        .addColumn("redirect_uri", "text", (c) => c.notNull())
        .addColumn("scopes", "text", (c) => c.notNull())
        .addColumn("code_challenge", "text")
        .addColumn("nonce", "text")
        .addColumn("auth_time", "integer", (c) => c.notNull())
        .addColumn("expires_at", "integer", (c) => c.notNull())
        .addColumn("used_at", "integer")
        .addColumn("origin_jti", "text")
        .execute();
      await db.schema
        .createTable("challenge_sessions")
        .addColumn("id_hash", "text", (c) => c.primaryKey())
        .addColumn("pool_id", "text", (c) => c.notNull().references("pools.id").onDelete("cascade"))
        .addColumn("client_id", "text", (c) => c.notNull())
        .addColumn("user_sub", "text", (c) => c.notNull())
        .addColumn("challenge", "text", (c) => c.notNull())
        .addColumn("expires_at", "integer", (c) => c.notNull())
        .addColumn("used_at", "integer")
        .execute();
      await db.schema
        .createTable("login_sessions")
        .addColumn("id_hash", "text", (c) => c.primaryKey())
        .addColumn("pool_id", "text", (c) => c.notNull().references("pools.id").onDelete("cascade"))
        .addColumn("user_sub", "text", (c) => c.notNull())
        .addColumn("auth_time", "integer", (c) => c.notNull())
        .addColumn("expires_at", "integer", (c) => c.notNull())
        .execute();
    },
  },
  "0002-account-events": {
    async up(db: Kysely<unknown>) {
      // AUTOINCREMENT: ids never go back, even after old events are pruned, so resume ids stay valid.
      await db.schema
        .createTable("account_events")
        .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
        .addColumn("pool_id", "text", (c) => c.notNull())
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("username", "text", (c) => c.notNull())
        .addColumn("sub", "text", (c) => c.notNull())
        .addColumn("at", "integer", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("account_events_pool")
        .on("account_events")
        .columns(["pool_id", "id"])
        .execute();
    },
  },
  "0003-srp-and-challenge-state": {
    async up(db: Kysely<unknown>) {
      // The SRP verifier and salt live beside the scrypt hash; both are written whenever a password is set.
      await db.schema.alterTable("users").addColumn("srp_salt", "text").execute();
      await db.schema.alterTable("users").addColumn("srp_verifier", "text").execute();
      // What a challenge round trip must remember between its two requests (SRP's b, B, A, secret block).
      await db.schema.alterTable("challenge_sessions").addColumn("data", "text").execute();
    },
  },
  "0004-user-codes": {
    async up(db: Kysely<unknown>) {
      // One pending code per user and purpose (password reset, attribute verification), stored by hash.
      await db.schema
        .createTable("user_codes")
        .addColumn("pool_id", "text", (c) => c.notNull())
        .addColumn("user_sub", "text", (c) => c.notNull())
        .addColumn("purpose", "text", (c) => c.notNull())
        .addColumn("code_hash", "text", (c) => c.notNull())
        .addColumn("expires_at", "integer", (c) => c.notNull())
        .addColumn("failures", "integer", (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint("user_codes_pk", ["pool_id", "user_sub", "purpose"])
        .execute();
    },
  },
  "0005-totp-mfa": {
    async up(db: Kysely<unknown>) {
      // JSON: {pendingSecret?, secret?, enabled, preferred} — the user's software token.
      await db.schema.alterTable("users").addColumn("mfa", "text").execute();
    },
  },
  "0006-refresh-rotation": {
    async up(db: Kysely<unknown>) {
      // With rotation, the token just replaced stays usable for the client's grace period.
      await db.schema.alterTable("refresh_sessions").addColumn("previous_token_hash", "text").execute();
      await db.schema.alterTable("refresh_sessions").addColumn("previous_valid_until", "integer").execute();
      await db.schema
        .createIndex("refresh_sessions_previous")
        .on("refresh_sessions")
        .column("previous_token_hash")
        .execute();
    },
  },
};
