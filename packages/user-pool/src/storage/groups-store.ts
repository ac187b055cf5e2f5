import type { GroupRecord } from "../domain/model.ts";
import type { Db } from "./database.ts";
import type { GroupsTable } from "./schema.ts";

function toRecord(row: GroupsTable): GroupRecord {
  return {
    poolId: row.pool_id,
    name: row.name,
    description: row.description,
    precedence: row.precedence,
    roleArn: row.role_arn,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Persistence of groups and memberships. */
export class GroupsStore {
  constructor(private readonly db: Db) {}

  async insert(group: GroupRecord): Promise<void> {
    await this.db
      .insertInto("groups")
      .values({
        pool_id: group.poolId,
        name: group.name,
        description: group.description,
        precedence: group.precedence,
        role_arn: group.roleArn,
        created_at: group.createdAt,
        updated_at: group.updatedAt,
      })
      .execute();
  }

  async update(group: GroupRecord): Promise<void> {
    await this.db
      .updateTable("groups")
      .set({
        description: group.description,
        precedence: group.precedence,
        role_arn: group.roleArn,
        updated_at: group.updatedAt,
      })
      .where("pool_id", "=", group.poolId)
      .where("name", "=", group.name)
      .execute();
  }

  async get(poolId: string, name: string): Promise<GroupRecord | undefined> {
    const row = await this.db
      .selectFrom("groups")
      .selectAll()
      .where("pool_id", "=", poolId)
      .where("name", "=", name)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async listByPool(poolId: string): Promise<GroupRecord[]> {
    const rows = await this.db
      .selectFrom("groups")
      .selectAll()
      .where("pool_id", "=", poolId)
      .orderBy("name")
      .execute();
    return rows.map(toRecord);
  }

  async delete(poolId: string, name: string): Promise<void> {
    await this.db.deleteFrom("groups").where("pool_id", "=", poolId).where("name", "=", name).execute();
  }

  /** Idempotent, like AdminAddUserToGroup. */
  async addMember(poolId: string, groupName: string, userSub: string, now: number): Promise<void> {
    await this.db
      .insertInto("memberships")
      .values({ pool_id: poolId, group_name: groupName, user_sub: userSub, created_at: now })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async removeMember(poolId: string, groupName: string, userSub: string): Promise<void> {
    await this.db
      .deleteFrom("memberships")
      .where("pool_id", "=", poolId)
      .where("group_name", "=", groupName)
      .where("user_sub", "=", userSub)
      .execute();
  }

  /**
   * A user's groups ordered by precedence (lowest first, unset last), then name — the order
   * `cognito:groups` lists them in. [uncertain] Cognito does not document the order of that claim.
   */
  async groupsOfUser(poolId: string, userSub: string): Promise<GroupRecord[]> {
    const rows = await this.db
      .selectFrom("groups")
      .innerJoin("memberships", (j) =>
        j
          .onRef("memberships.pool_id", "=", "groups.pool_id")
          .onRef("memberships.group_name", "=", "groups.name"),
      )
      .selectAll("groups")
      .where("groups.pool_id", "=", poolId)
      .where("memberships.user_sub", "=", userSub)
      .execute();
    return rows.map(toRecord).sort((a, b) => {
      const pa = a.precedence ?? Number.MAX_SAFE_INTEGER;
      const pb = b.precedence ?? Number.MAX_SAFE_INTEGER;
      return pa - pb || a.name.localeCompare(b.name);
    });
  }

  async memberSubs(poolId: string, groupName: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom("memberships")
      .select("user_sub")
      .where("pool_id", "=", poolId)
      .where("group_name", "=", groupName)
      .orderBy("created_at")
      .orderBy("user_sub")
      .execute();
    return rows.map((r) => r.user_sub);
  }
}
