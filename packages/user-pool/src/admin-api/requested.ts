import type { PoolContext } from "../domain/context.ts";
import { requireGroup } from "../domain/groups.ts";
import { type Input, requiredString } from "../domain/input.ts";
import type { GroupRecord, PoolRecord, UserRecord } from "../domain/model.ts";
import { requirePool } from "../domain/pools.ts";
import { requireUser } from "../domain/users.ts";

// The admin operations name their pool, then a user or group in it. The pool is checked first, so a
// wrong UserPoolId says so before a missing Username or GroupName does, as in Cognito.

/** The pool named by `UserPoolId`. */
export function requestedPool(ctx: PoolContext, input: Input): Promise<PoolRecord> {
  return requirePool(ctx, requiredString(input, "UserPoolId"));
}

/** The user named by `Username` in the pool named by `UserPoolId`. */
export async function requestedUser(
  ctx: PoolContext,
  input: Input,
): Promise<{ pool: PoolRecord; user: UserRecord }> {
  const pool = await requestedPool(ctx, input);
  return { pool, user: await requireUser(ctx, pool, requiredString(input, "Username")) };
}

/** The group named by `GroupName` in the pool named by `UserPoolId`. */
export async function requestedGroup(
  ctx: PoolContext,
  input: Input,
): Promise<{ pool: PoolRecord; group: GroupRecord }> {
  const pool = await requestedPool(ctx, input);
  return { pool, group: await requireGroup(ctx, pool, requiredString(input, "GroupName")) };
}
