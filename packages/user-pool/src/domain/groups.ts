import type { PoolContext } from "./context.ts";
import { fail } from "./errors.ts";
import type { GroupRecord, PoolRecord, UserRecord } from "./model.ts";

/** CreateGroup. */
export async function createGroup(
  ctx: PoolContext,
  pool: PoolRecord,
  input: {
    name: string;
    description?: string | undefined;
    precedence?: number | undefined;
    roleArn?: string | undefined;
  },
): Promise<GroupRecord> {
  if (!/^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u.test(input.name))
    fail("InvalidParameterException", "GroupName must be 1-128 printable characters without whitespace.");
  if (input.precedence !== undefined && (!Number.isInteger(input.precedence) || input.precedence < 0))
    fail("InvalidParameterException", "Precedence must be a non-negative integer.");
  if (await ctx.stores.groups.get(pool.id, input.name))
    fail("GroupExistsException", "A group with the name already exists.");
  const now = ctx.now();
  const group: GroupRecord = {
    poolId: pool.id,
    name: input.name,
    description: input.description ?? null,
    precedence: input.precedence ?? null,
    roleArn: input.roleArn ?? null,
    createdAt: now,
    updatedAt: now,
  };
  await ctx.stores.groups.insert(group);
  return group;
}

export async function requireGroup(ctx: PoolContext, pool: PoolRecord, name: string): Promise<GroupRecord> {
  const group = await ctx.stores.groups.get(pool.id, name);
  if (group === undefined) fail("ResourceNotFoundException", "Group not found.");
  return group;
}

/** UpdateGroup: only the members given change. */
export async function updateGroup(
  ctx: PoolContext,
  group: GroupRecord,
  input: { description?: string | undefined; precedence?: number | undefined; roleArn?: string | undefined },
): Promise<GroupRecord> {
  const updated: GroupRecord = {
    ...group,
    description: input.description ?? group.description,
    precedence: input.precedence ?? group.precedence,
    roleArn: input.roleArn ?? group.roleArn,
    updatedAt: ctx.now(),
  };
  await ctx.stores.groups.update(updated);
  return updated;
}

/** Membership changes apply to the next token issued; tokens already out keep their `cognito:groups`. */
export async function addUserToGroup(ctx: PoolContext, group: GroupRecord, user: UserRecord): Promise<void> {
  await ctx.stores.groups.addMember(group.poolId, group.name, user.sub, ctx.now());
}

export async function removeUserFromGroup(
  ctx: PoolContext,
  group: GroupRecord,
  user: UserRecord,
): Promise<void> {
  await ctx.stores.groups.removeMember(group.poolId, group.name, user.sub);
}

/** Users of a group, in the order they joined. */
export async function usersInGroup(ctx: PoolContext, group: GroupRecord): Promise<UserRecord[]> {
  const subs = await ctx.stores.groups.memberSubs(group.poolId, group.name);
  const users = await Promise.all(subs.map((sub) => ctx.stores.users.bySub(group.poolId, sub)));
  return users.filter((u): u is UserRecord => u !== undefined);
}
