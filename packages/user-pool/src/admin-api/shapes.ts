import { userAttributeList } from "../domain/attributes.ts";
import type { PoolContext } from "../domain/context.ts";
import { userMfaSettings } from "../domain/mfa.ts";
import type {
  ClientRecord,
  GroupRecord,
  PoolRecord,
  ResourceServerRecord,
  UserRecord,
} from "../domain/model.ts";
import { poolArn } from "../domain/pools.ts";

/** AWS JSON timestamps are epoch seconds as numbers (fractions allowed); ISO strings break the SDK. */
export function awsTime(ms: number): number {
  return ms / 1000;
}

/** UserType, as ListUsers, ListUsersInGroup and AdminCreateUser return it (`Attributes`). */
export function userType(user: UserRecord, attributesToGet?: string[]): Record<string, unknown> {
  return {
    Username: user.username,
    Attributes: userAttributeList(user, attributesToGet),
    UserCreateDate: awsTime(user.createdAt),
    UserLastModifiedDate: awsTime(user.updatedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}

/** AdminGetUser's shape: the same facts, but `UserAttributes`. */
export function adminGetUserShape(user: UserRecord): Record<string, unknown> {
  return {
    Username: user.username,
    UserAttributes: userAttributeList(user),
    UserCreateDate: awsTime(user.createdAt),
    UserLastModifiedDate: awsTime(user.updatedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
    ...userMfaSettings(user),
  };
}

export function groupType(group: GroupRecord): Record<string, unknown> {
  return {
    GroupName: group.name,
    UserPoolId: group.poolId,
    ...(group.description !== null ? { Description: group.description } : {}),
    ...(group.roleArn !== null ? { RoleArn: group.roleArn } : {}),
    ...(group.precedence !== null ? { Precedence: group.precedence } : {}),
    LastModifiedDate: awsTime(group.updatedAt),
    CreationDate: awsTime(group.createdAt),
  };
}

export function poolType(
  ctx: PoolContext,
  pool: PoolRecord,
  estimatedUsers: number,
): Record<string, unknown> {
  return {
    Id: pool.id,
    Name: pool.name,
    Arn: poolArn(ctx, pool),
    ...pool.settings,
    EstimatedNumberOfUsers: estimatedUsers,
    CreationDate: awsTime(pool.createdAt),
    LastModifiedDate: awsTime(pool.updatedAt),
  };
}

export function clientType(client: ClientRecord): Record<string, unknown> {
  return {
    UserPoolId: client.poolId,
    ClientName: client.name,
    ClientId: client.id,
    ...(client.secret !== null ? { ClientSecret: client.secret } : {}),
    ...client.settings,
    LastModifiedDate: awsTime(client.updatedAt),
    CreationDate: awsTime(client.createdAt),
  };
}

/** ResourceServerType, as Create-, Describe- and ListResourceServers return it. */
export function resourceServerType(rs: ResourceServerRecord): Record<string, unknown> {
  return { UserPoolId: rs.poolId, Identifier: rs.identifier, Name: rs.name, Scopes: rs.scopes };
}
