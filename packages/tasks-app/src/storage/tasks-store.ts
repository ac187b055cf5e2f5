import { isPostgresUrl, migrateToLatest, openPostgresKysely, openSqliteKysely } from "@tollgate/runtime";
import { type Kysely, type Migration, sql } from "kysely";

export interface Task {
  id: string;
  title: string;
  done: boolean;
  created_by: string;
  created_by_name: string | null;
  created_at: string;
  updated_at: string;
  /** The project it belongs to (its members see it, its maintainers edit it), if any. */
  project_id?: string | null;
  /** Visible only to users with high clearance (the policy's `confidential_tasks` rule). */
  confidential?: boolean;
}

export interface Project {
  id: string;
  name: string;
  created_by: string;
  created_at: string;
}

interface TaskTable {
  id: string;
  title: string;
  done: number;
  created_by: string;
  created_by_name: string | null;
  created_at: string;
  updated_at: string;
  /** 1 once the task's instance and its creator's `owner` role exist in Permit (see 003_task_owners). */
  owner_synced: number;
  project_id: string | null;
  confidential: number;
}

interface RemovedUserTable {
  sub: string;
  removed_at: string;
}

interface ProfileTable {
  sub: string;
  display_name: string;
  updated_at: string;
}

interface Database {
  tasks: TaskTable;
  projects: Project;
  removed_users: RemovedUserTable;
  profiles: ProfileTable;
}

const migrations: Record<string, Migration> = {
  "001_tasks": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("tasks")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("done", "integer", (c) => c.notNull())
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_by_name", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("tasks_created_at").on("tasks").column("created_at").execute();
      await db.schema
        .createTable("removed_users")
        .addColumn("sub", "text", (c) => c.primaryKey())
        .addColumn("removed_at", "text", (c) => c.notNull())
        .execute();
    },
  },
  "002_profiles": {
    async up(db: Kysely<unknown>) {
      // Access tokens carry no name or email; the app remembers them from the last sign-in sync.
      await db.schema
        .createTable("profiles")
        .addColumn("sub", "text", (c) => c.primaryKey())
        .addColumn("display_name", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();
    },
  },
  "003_task_owners": {
    async up(db: Kysely<unknown>) {
      // Tasks from before per-task roles have no instance in Permit yet: 0 marks them for the app's
      // start-up backfill, which gives each its creator as owner (see fine-grained/owners.ts).
      await db.schema
        .alterTable("tasks")
        .addColumn("owner_synced", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  "004_projects_confidential": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("projects")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.alterTable("tasks").addColumn("project_id", "text").execute();
      await db.schema
        .alterTable("tasks")
        .addColumn("confidential", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
};

const toTask = ({ owner_synced: _, ...row }: TaskTable): Task => ({
  ...row,
  done: row.done === 1,
  confidential: row.confidential === 1,
});

/** Tasks, display names, and the tombstones of removed users: SQLite by default, PostgreSQL to scale out. */
export class TasksStore {
  private constructor(private readonly db: Kysely<Database>) {}

  /** Opens `postgres://...` (several app instances can share it) or a SQLite file. */
  static async open(location: string): Promise<TasksStore> {
    const db = isPostgresUrl(location)
      ? openPostgresKysely<Database>(location)
      : openSqliteKysely<Database>(location);
    await migrateToLatest(db, "tasks", migrations);
    return new TasksStore(db);
  }

  /** Throws when the database cannot answer (readiness). */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async list(): Promise<Task[]> {
    return (await this.db.selectFrom("tasks").selectAll().orderBy("created_at", "desc").execute()).map(
      toTask,
    );
  }

  /** The tasks with these ids, newest first (for a user who may see only some). */
  async listByIds(ids: readonly string[]): Promise<Task[]> {
    const rows: TaskTable[] = [];
    // SQLite caps bound parameters; 500 at a time stays well below it.
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      if (chunk.length > 0)
        rows.push(...(await this.db.selectFrom("tasks").selectAll().where("id", "in", chunk).execute()));
    }
    return rows.sort((a, b) => b.created_at.localeCompare(a.created_at)).map(toTask);
  }

  async get(id: string): Promise<Task | undefined> {
    const row = await this.db.selectFrom("tasks").selectAll().where("id", "=", id).executeTakeFirst();
    return row ? toTask(row) : undefined;
  }

  /** `ownerSynced`: the task's instance and owner already exist in Permit (the default). */
  async insert(task: Task, ownerSynced = true): Promise<void> {
    await this.db
      .insertInto("tasks")
      .values({
        ...task,
        done: task.done ? 1 : 0,
        owner_synced: ownerSynced ? 1 : 0,
        project_id: task.project_id ?? null,
        confidential: task.confidential ? 1 : 0,
      })
      .execute();
  }

  /** Tasks whose creator was not yet made their owner in Permit (created before per-task roles). */
  async withoutOwner(limit = 500): Promise<Pick<Task, "id" | "created_by">[]> {
    return this.db
      .selectFrom("tasks")
      .select(["id", "created_by"])
      .where("owner_synced", "=", 0)
      .limit(limit)
      .execute();
  }

  async markOwnerSynced(id: string): Promise<void> {
    await this.db.updateTable("tasks").set({ owner_synced: 1 }).where("id", "=", id).execute();
  }

  async update(
    id: string,
    patch: { title?: string; done?: boolean; project_id?: string | null; confidential?: boolean },
    at: string,
  ): Promise<Task | undefined> {
    const set: Partial<TaskTable> = { updated_at: at };
    if (patch.title !== undefined) set.title = patch.title;
    if (patch.done !== undefined) set.done = patch.done ? 1 : 0;
    if (patch.project_id !== undefined) set.project_id = patch.project_id;
    if (patch.confidential !== undefined) set.confidential = patch.confidential ? 1 : 0;
    const result = await this.db.updateTable("tasks").set(set).where("id", "=", id).executeTakeFirst();
    return Number(result.numUpdatedRows) === 0 ? undefined : this.get(id);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom("tasks").where("id", "=", id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async insertProject(project: Project): Promise<void> {
    await this.db.insertInto("projects").values(project).execute();
  }

  async projects(): Promise<Project[]> {
    return this.db.selectFrom("projects").selectAll().orderBy("name").execute();
  }

  async project(id: string): Promise<Project | undefined> {
    return this.db.selectFrom("projects").selectAll().where("id", "=", id).executeTakeFirst();
  }

  async rememberProfile(sub: string, displayName: string): Promise<void> {
    const updated_at = new Date().toISOString();
    await this.db
      .insertInto("profiles")
      .values({ sub, display_name: displayName, updated_at })
      .onConflict((oc) => oc.column("sub").doUpdateSet({ display_name: displayName, updated_at }))
      .execute();
  }

  async displayName(sub: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom("profiles")
      .select("display_name")
      .where("sub", "=", sub)
      .executeTakeFirst();
    return row?.display_name;
  }

  /** Tombstones that survive restarts (see cognito-permit's Tombstones). */
  tombstones(ttlMs = 24 * 3600_000) {
    return {
      has: async (sub: string) => {
        const row = await this.db
          .selectFrom("removed_users")
          .selectAll()
          .where("sub", "=", sub)
          .executeTakeFirst();
        return row !== undefined && Date.now() - Date.parse(row.removed_at) < ttlMs;
      },
      add: async (sub: string) => {
        const removed_at = new Date().toISOString();
        await this.db
          .insertInto("removed_users")
          .values({ sub, removed_at })
          .onConflict((oc) => oc.column("sub").doUpdateSet({ removed_at }))
          .execute();
      },
    };
  }

  close(): Promise<void> {
    return this.db.destroy();
  }
}
