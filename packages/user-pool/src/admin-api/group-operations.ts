import {
  addUserToGroup,
  createGroup,
  removeUserFromGroup,
  requireGroup,
  updateGroup,
  usersInGroup,
} from "../domain/groups.ts";
import { optionalNumber, optionalString, requiredString } from "../domain/input.ts";
import type { OperationTable } from "./operation.ts";
import { listPage } from "./pages.ts";
import { requestedGroup, requestedPool, requestedUser } from "./requested.ts";
import { groupType, userType } from "./shapes.ts";

/** Groups and memberships. */
export const groupOperations: OperationTable = {
  async CreateGroup(ctx, input) {
    const pool = await requestedPool(ctx, input);
    const group = await createGroup(ctx, pool, {
      name: requiredString(input, "GroupName"),
      description: optionalString(input, "Description"),
      precedence: optionalNumber(input, "Precedence"),
      roleArn: optionalString(input, "RoleArn"),
    });
    return { Group: groupType(group) };
  },

  async GetGroup(ctx, input) {
    const { group } = await requestedGroup(ctx, input);
    return { Group: groupType(group) };
  },

  async UpdateGroup(ctx, input) {
    const { group } = await requestedGroup(ctx, input);
    const updated = await updateGroup(ctx, group, {
      description: optionalString(input, "Description"),
      precedence: optionalNumber(input, "Precedence"),
      roleArn: optionalString(input, "RoleArn"),
    });
    return { Group: groupType(updated) };
  },

  async DeleteGroup(ctx, input) {
    const { pool, group } = await requestedGroup(ctx, input);
    await ctx.stores.groups.delete(pool.id, group.name);
    return {};
  },

  async ListGroups(ctx, input) {
    const pool = await requestedPool(ctx, input);
    const groups = await ctx.stores.groups.listByPool(pool.id);
    return listPage(input, groups, { items: "Groups", limit: "Limit" }, groupType);
  },

  async ListUsersInGroup(ctx, input) {
    const { group } = await requestedGroup(ctx, input);
    const users = await usersInGroup(ctx, group);
    return listPage(input, users, { items: "Users", limit: "Limit" }, (u) => userType(u));
  },

  async AdminAddUserToGroup(ctx, input) {
    const { pool, user } = await requestedUser(ctx, input);
    await addUserToGroup(ctx, await requireGroup(ctx, pool, requiredString(input, "GroupName")), user);
    return {};
  },

  async AdminRemoveUserFromGroup(ctx, input) {
    const { pool, user } = await requestedUser(ctx, input);
    await removeUserFromGroup(ctx, await requireGroup(ctx, pool, requiredString(input, "GroupName")), user);
    return {};
  },

  async AdminListGroupsForUser(ctx, input) {
    const { pool, user } = await requestedUser(ctx, input);
    const groups = await ctx.stores.groups.groupsOfUser(pool.id, user.sub);
    return listPage(input, groups, { items: "Groups", limit: "Limit" }, groupType);
  },
};
