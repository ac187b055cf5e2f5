import { migrateToLatest } from "@tollgate/runtime";
import type { Kysely, Migration } from "kysely";

export type Dialect = "sqlite" | "postgres";

/**
 * Schema migrations, in code so they ship with the package. Each one is written once for both
 * dialects; the only difference is how an auto-incrementing version column is spelled.
 */
function migrations(dialect: Dialect): Record<string, Migration> {
  const serial = dialect === "sqlite" ? "integer" : "bigserial";
  return {
    "001_initial": {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable("meta")
          .addColumn("key", "text", (c) => c.primaryKey())
          .addColumn("value", "text", (c) => c.notNull())
          .execute();
        await db.schema
          .createTable("resources")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("key", "text", (c) => c.notNull().unique())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("description", "text")
          .addColumn("urn", "text")
          .addColumn("actions", "text", (c) => c.notNull())
          .addColumn("attributes", "text", (c) => c.notNull())
          .addColumn("created_at", "text", (c) => c.notNull())
          .addColumn("updated_at", "text", (c) => c.notNull())
          .execute();
        await db.schema
          .createTable("roles")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("key", "text", (c) => c.notNull().unique())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("description", "text")
          .addColumn("permissions", "text", (c) => c.notNull())
          .addColumn("extends", "text", (c) => c.notNull())
          .addColumn("attributes", "text", (c) => c.notNull())
          .addColumn("created_at", "text", (c) => c.notNull())
          .addColumn("updated_at", "text", (c) => c.notNull())
          .execute();
        await db.schema
          .createTable("tenants")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("key", "text", (c) => c.notNull().unique())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("description", "text")
          .addColumn("attributes", "text", (c) => c.notNull())
          .addColumn("created_at", "text", (c) => c.notNull())
          .addColumn("updated_at", "text", (c) => c.notNull())
          .execute();
        await db.schema
          .createTable("users")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("key", "text", (c) => c.notNull().unique())
          .addColumn("email", "text")
          .addColumn("first_name", "text")
          .addColumn("last_name", "text")
          .addColumn("attributes", "text", (c) => c.notNull())
          .addColumn("created_at", "text", (c) => c.notNull())
          .addColumn("updated_at", "text", (c) => c.notNull())
          .execute();
        // Keyset paging and search over users sort by key; search matches email, key and names.
        await db.schema.createIndex("users_email").on("users").column("email").execute();
        await db.schema
          .createTable("role_assignments")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("user_key", "text", (c) => c.notNull())
          .addColumn("role_key", "text", (c) => c.notNull())
          .addColumn("tenant_key", "text", (c) => c.notNull())
          .addColumn("created_at", "text", (c) => c.notNull())
          .addUniqueConstraint("role_assignments_unique", ["user_key", "role_key", "tenant_key"])
          .execute();
        await db.schema
          .createIndex("role_assignments_role")
          .on("role_assignments")
          .column("role_key")
          .execute();
        await db.schema
          .createIndex("role_assignments_tenant")
          .on("role_assignments")
          .columns(["tenant_key", "user_key"])
          .execute();
        await db.schema
          .createTable("changes")
          .addColumn("version", serial, (c) =>
            dialect === "sqlite" ? c.primaryKey().autoIncrement() : c.primaryKey(),
          )
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("keys", "text", (c) => c.notNull())
          .addColumn("at", "text", (c) => c.notNull())
          .execute();
        await db.schema
          .createTable("audit_log")
          .addColumn("id", serial, (c) =>
            dialect === "sqlite" ? c.primaryKey().autoIncrement() : c.primaryKey(),
          )
          .addColumn("at", "text", (c) => c.notNull())
          .addColumn("user_key", "text", (c) => c.notNull())
          .addColumn("action", "text", (c) => c.notNull())
          .addColumn("resource_type", "text", (c) => c.notNull())
          .addColumn("resource_key", "text")
          .addColumn("tenant", "text", (c) => c.notNull())
          .addColumn("allow", "integer", (c) => c.notNull())
          .addColumn("reason", "text", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("audit_log_at").on("audit_log").column("at").execute();
        await db.schema.createIndex("audit_log_user").on("audit_log").columns(["user_key", "id"]).execute();
      },
    },
    "002_audit_without_time_index": {
      async up(db: Kysely<unknown>) {
        // Every decision inserts a row; queries page by id, so an index on the time only cost writes.
        await db.schema.dropIndex("audit_log_at").ifExists().execute();
      },
    },
    "003_fine_grained_model": {
      // ReBAC and ABAC. Existing data needs nothing: every new table starts empty.
      async up(db: Kysely<unknown>) {
        // Small schema objects (resource roles, relations, action groups, condition sets, set
        // rules) as JSON documents keyed by kind, owning resource ('' when none) and key.
        await db.schema
          .createTable("schema_objects")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("scope", "text", (c) => c.notNull())
          .addColumn("key", "text", (c) => c.notNull())
          .addColumn("body", "text", (c) => c.notNull())
          .addColumn("created_at", "text", (c) => c.notNull())
          .addColumn("updated_at", "text", (c) => c.notNull())
          .addUniqueConstraint("schema_objects_unique", ["kind", "scope", "key"])
          .execute();
        await db.schema
          .createTable("resource_instances")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("resource_key", "text", (c) => c.notNull())
          .addColumn("key", "text", (c) => c.notNull())
          .addColumn("tenant_key", "text", (c) => c.notNull())
          .addColumn("attributes", "text", (c) => c.notNull())
          .addColumn("created_at", "text", (c) => c.notNull())
          .addColumn("updated_at", "text", (c) => c.notNull())
          .addUniqueConstraint("resource_instances_unique", ["resource_key", "key"])
          .execute();
        await db.schema
          .createIndex("resource_instances_tenant")
          .on("resource_instances")
          .columns(["tenant_key", "resource_key"])
          .execute();
        await db.schema
          .createTable("relationship_tuples")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("subject", "text", (c) => c.notNull())
          .addColumn("relation", "text", (c) => c.notNull())
          .addColumn("object", "text", (c) => c.notNull())
          .addColumn("object_type", "text", (c) => c.notNull())
          .addColumn("subject_type", "text", (c) => c.notNull())
          .addColumn("tenant_key", "text", (c) => c.notNull())
          .addColumn("created_at", "text", (c) => c.notNull())
          .addUniqueConstraint("relationship_tuples_unique", ["object", "relation", "subject"])
          .execute();
        await db.schema
          .createIndex("relationship_tuples_subject")
          .on("relationship_tuples")
          .column("subject")
          .execute();
        await db.schema
          .createIndex("relationship_tuples_types")
          .on("relationship_tuples")
          .columns(["object_type", "relation"])
          .execute();
        await db.schema
          .createTable("instance_role_assignments")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("user_key", "text", (c) => c.notNull())
          .addColumn("role_key", "text", (c) => c.notNull())
          .addColumn("resource_instance", "text", (c) => c.notNull())
          .addColumn("tenant_key", "text", (c) => c.notNull())
          .addColumn("created_at", "text", (c) => c.notNull())
          .addUniqueConstraint("instance_role_assignments_unique", [
            "user_key",
            "resource_instance",
            "role_key",
          ])
          .execute();
        await db.schema
          .createIndex("instance_role_assignments_instance")
          .on("instance_role_assignments")
          .column("resource_instance")
          .execute();
      },
    },
  };
}

/** Brings the schema up to date; throws with the failing migration's error. */
export async function migrateAuthz(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await migrateToLatest(db, "authz", migrations(dialect));
}
