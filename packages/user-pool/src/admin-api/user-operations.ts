import {
  optionalBoolean,
  optionalNumber,
  optionalString,
  optionalStringList,
  optionalStringMap,
  paginate,
  requiredString,
} from "../domain/input.ts";
import { setMfaPreference } from "../domain/mfa.ts";
import { requirePool } from "../domain/pools.ts";
import { matchesUserFilter, parseUserFilter } from "../domain/user-filter.ts";
import {
  adminConfirmSignUp,
  adminCreateUser,
  adminResetPassword,
  adminSetPassword,
  deleteAttributes,
  deleteUser,
  globalSignOut,
  requireUser,
  setEnabled,
  updateAttributes,
} from "../domain/users.ts";
import type { OperationTable } from "./operation.ts";
import { adminGetUserShape, userType } from "./shapes.ts";

/** Administration of users (signed Admin* operations and ListUsers). */
export const userOperations: OperationTable = {
  async AdminCreateUser(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    const { user } = await adminCreateUser(ctx, pool, {
      username: requiredString(input, "Username"),
      attributes: input["UserAttributes"],
      validationData: input["ValidationData"],
      temporaryPassword: optionalString(input, "TemporaryPassword"),
      messageAction: optionalString(input, "MessageAction"),
      clientMetadata: optionalStringMap(input, "ClientMetadata"),
    });
    return { User: userType(user) };
  },

  async AdminGetUser(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    return adminGetUserShape(await requireUser(ctx, pool, requiredString(input, "Username")));
  },

  async AdminDeleteUser(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    await deleteUser(ctx, await requireUser(ctx, pool, requiredString(input, "Username")));
    return {};
  },

  async ListUsers(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    const filter = parseUserFilter(optionalString(input, "Filter"));
    const attributesToGet = optionalStringList(input, "AttributesToGet");
    const users = (await ctx.stores.users.listByPool(pool.id)).filter((u) => matchesUserFilter(u, filter));
    const { page, next } = paginate(
      users,
      optionalNumber(input, "Limit"),
      optionalString(input, "PaginationToken"),
    );
    return {
      Users: page.map((u) => userType(u, attributesToGet)),
      ...(next ? { PaginationToken: next } : {}),
    };
  },

  async AdminUpdateUserAttributes(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    const user = await requireUser(ctx, pool, requiredString(input, "Username"));
    if (input["UserAttributes"] === undefined) requiredString(input, "UserAttributes");
    await updateAttributes(ctx, pool, user, input["UserAttributes"]);
    return {};
  },

  async AdminDeleteUserAttributes(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    const user = await requireUser(ctx, pool, requiredString(input, "Username"));
    await deleteAttributes(ctx, pool, user, optionalStringList(input, "UserAttributeNames") ?? []);
    return {};
  },

  async AdminSetUserPassword(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    const user = await requireUser(ctx, pool, requiredString(input, "Username"));
    await adminSetPassword(
      ctx,
      pool,
      user,
      requiredString(input, "Password"),
      optionalBoolean(input, "Permanent") ?? false,
    );
    return {};
  },

  async AdminDisableUser(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    await setEnabled(ctx, await requireUser(ctx, pool, requiredString(input, "Username")), false);
    return {};
  },

  async AdminEnableUser(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    await setEnabled(ctx, await requireUser(ctx, pool, requiredString(input, "Username")), true);
    return {};
  },

  async AdminUserGlobalSignOut(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    await globalSignOut(ctx, await requireUser(ctx, pool, requiredString(input, "Username")));
    return {};
  },

  async AdminConfirmSignUp(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    const user = await requireUser(ctx, pool, requiredString(input, "Username"));
    await adminConfirmSignUp(ctx, pool, user, optionalStringMap(input, "ClientMetadata"));
    return {};
  },

  async AdminSetUserMFAPreference(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    await setMfaPreference(ctx, await requireUser(ctx, pool, requiredString(input, "Username")), input);
    return {};
  },

  async AdminResetUserPassword(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    await adminResetPassword(ctx, await requireUser(ctx, pool, requiredString(input, "Username")));
    return {};
  },
};
