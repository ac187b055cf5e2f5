import {
  optionalBoolean,
  optionalString,
  optionalStringList,
  optionalStringMap,
  requiredString,
} from "../domain/input.ts";
import { setMfaPreference } from "../domain/mfa.ts";
import { matchesUserFilter, parseUserFilter } from "../domain/user-filter.ts";
import {
  adminConfirmSignUp,
  adminCreateUser,
  adminResetPassword,
  adminSetPassword,
  deleteAttributes,
  deleteUser,
  globalSignOut,
  setEnabled,
  updateAttributes,
} from "../domain/users.ts";
import type { OperationTable } from "./operation.ts";
import { listPage } from "./pages.ts";
import { requestedPool, requestedUser } from "./requested.ts";
import { adminGetUserShape, userType } from "./shapes.ts";

/** Administration of users (signed Admin* operations and ListUsers). */
export const userOperations: OperationTable = {
  async AdminCreateUser(ctx, input) {
    const pool = await requestedPool(ctx, input);
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
    const { user } = await requestedUser(ctx, input);
    return adminGetUserShape(user);
  },

  async AdminDeleteUser(ctx, input) {
    const { user } = await requestedUser(ctx, input);
    await deleteUser(ctx, user);
    return {};
  },

  async ListUsers(ctx, input) {
    const pool = await requestedPool(ctx, input);
    const filter = parseUserFilter(optionalString(input, "Filter"));
    const attributesToGet = optionalStringList(input, "AttributesToGet");
    const users = (await ctx.stores.users.listByPool(pool.id)).filter((u) => matchesUserFilter(u, filter));
    return listPage(input, users, { items: "Users", limit: "Limit", token: "PaginationToken" }, (u) =>
      userType(u, attributesToGet),
    );
  },

  async AdminUpdateUserAttributes(ctx, input) {
    const { pool, user } = await requestedUser(ctx, input);
    if (input["UserAttributes"] === undefined) requiredString(input, "UserAttributes");
    await updateAttributes(ctx, pool, user, input["UserAttributes"]);
    return {};
  },

  async AdminDeleteUserAttributes(ctx, input) {
    const { pool, user } = await requestedUser(ctx, input);
    await deleteAttributes(ctx, pool, user, optionalStringList(input, "UserAttributeNames") ?? []);
    return {};
  },

  async AdminSetUserPassword(ctx, input) {
    const { pool, user } = await requestedUser(ctx, input);
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
    const { user } = await requestedUser(ctx, input);
    await setEnabled(ctx, user, false);
    return {};
  },

  async AdminEnableUser(ctx, input) {
    const { user } = await requestedUser(ctx, input);
    await setEnabled(ctx, user, true);
    return {};
  },

  async AdminUserGlobalSignOut(ctx, input) {
    const { user } = await requestedUser(ctx, input);
    await globalSignOut(ctx, user);
    return {};
  },

  async AdminConfirmSignUp(ctx, input) {
    const { pool, user } = await requestedUser(ctx, input);
    await adminConfirmSignUp(ctx, pool, user, optionalStringMap(input, "ClientMetadata"));
    return {};
  },

  async AdminSetUserMFAPreference(ctx, input) {
    const { user } = await requestedUser(ctx, input);
    await setMfaPreference(ctx, user, input);
    return {};
  },

  async AdminResetUserPassword(ctx, input) {
    const { user } = await requestedUser(ctx, input);
    await adminResetPassword(ctx, user);
    return {};
  },
};
