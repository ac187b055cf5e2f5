import {
  addUserToGroup,
  createGroup,
  removeUserFromGroup,
  requireGroup,
  updateGroup,
  usersInGroup,
} from "../domain/groups.ts";
import { optionalNumber, optionalString, paginate, requiredString } from "../domain/input.ts";
import { requirePool } from "../domain/pools.ts";
import { requireUser } from "../domain/users.ts";
import type { OperationTable } from "./operation.ts";
import { groupType, userType } from "./shapes.ts";

/** Groups and memberships. */
export const groupOperations: OperationTable = {
  async CreateGroup(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    const group = await createGroup(ctx, pool, {
      name: requiredString(input, "GroupName"),
      description: optionalString(input, "Description"),
      precedence: optionalNumber(input, "Precedence"),
      roleArn: optionalString(input, "RoleArn"),
    });
    return { Group: groupType(group) };
  },

  async GetGroup(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    return { Group: groupType(await requireGroup(ctx, pool, requiredString(input, "GroupName"))) };
  },

  async UpdateGroup(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    const group = await requireGroup(ctx, pool, requiredString(input, "GroupName"));
    const updated = await updateGroup(ctx, group, {
      description: optionalString(input, "Description"),
      precedence: optionalNumber(input, "Precedence"),
      roleArn: optionalString(input, "RoleArn"),
    });
    return { Group: groupType(updated) };
  },

  async DeleteGroup(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    const group = await requireGroup(ctx, pool, requiredString(input, "GroupName"));
    await ctx.stores.groups.delete(pool.id, group.name);
    return {};
  },

  async ListGroups(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    const groups = await ctx.stores.groups.listByPool(pool.id);
    const { page, next } = paginate(
      groups,
      optionalNumber(input, "Limit"),
      optionalString(input, "NextToken"),
    );
    return { Groups: page.map(groupType), ...(next ? { NextToken: next } : {}) };
  },

  async ListUsersInGroup(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    const group = await requireGroup(ctx, pool, requiredString(input, "GroupName"));
    const users = await usersInGroup(ctx, group);
    const { page, next } = paginate(
      users,
      optionalNumber(input, "Limit"),
      optionalString(input, "NextToken"),
    );
    return { Users: page.map((u) => userType(u)), ...(next ? { NextToken: next } : {}) };
  },

  async AdminAddUserToGroup(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    const user = await requireUser(ctx, pool, requiredString(input, "Username"));
    await addUserToGroup(ctx, await requireGroup(ctx, pool, requiredString(input, "GroupName")), user);
    return {};
  },

  async AdminRemoveUserFromGroup(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    const user = await requireUser(ctx, pool, requiredString(input, "Username"));
    await removeUserFromGroup(ctx, await requireGroup(ctx, pool, requiredString(input, "GroupName")), user);
    return {};
  },

  async AdminListGroupsForUser(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    const user = await requireUser(ctx, pool, requiredString(input, "Username"));
    const groups = await ctx.stores.groups.groupsOfUser(pool.id, user.sub);
    const { page, next } = paginate(
      groups,
      optionalNumber(input, "Limit"),
      optionalString(input, "NextToken"),
    );
    return { Groups: page.map(groupType), ...(next ? { NextToken: next } : {}) };
  },
};
