import { addCustomAttributes } from "../domain/attributes.ts";
import { createClient, requireClient, updateClient } from "../domain/clients.ts";
import { fail } from "../domain/errors.ts";
import { optionalNumber, optionalString, paginate, requiredString } from "../domain/input.ts";
import { poolMfaConfig, setPoolMfaConfig } from "../domain/mfa.ts";
import type { ResourceServerRecord } from "../domain/model.ts";
import { createPool, deletePool, requirePool, updatePool } from "../domain/pools.ts";
import type { OperationTable } from "./operation.ts";
import { awsTime, clientType, poolType } from "./shapes.ts";

/** User pools, app clients and resource servers. */
export const poolOperations: OperationTable = {
  async CreateUserPool(ctx, input) {
    const pool = await createPool(ctx, input);
    return { UserPool: poolType(ctx, pool, 0) };
  },

  async DescribeUserPool(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    return { UserPool: poolType(ctx, pool, await ctx.stores.users.countByPool(pool.id)) };
  },

  async UpdateUserPool(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    await updatePool(ctx, pool, input);
    return {};
  },

  async AddCustomAttributes(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    pool.settings.SchemaAttributes = addCustomAttributes(
      pool.settings.SchemaAttributes,
      input["CustomAttributes"],
    );
    pool.updatedAt = ctx.now();
    await ctx.stores.pools.update(pool);
    return {};
  },

  async SetUserPoolMfaConfig(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    setPoolMfaConfig(pool, input);
    pool.updatedAt = ctx.now();
    await ctx.stores.pools.update(pool);
    return poolMfaConfig(pool);
  },

  async GetUserPoolMfaConfig(ctx, input) {
    return poolMfaConfig(await requirePool(ctx, requiredString(input, "UserPoolId")));
  },

  async ListUserPools(ctx, input) {
    const max = optionalNumber(input, "MaxResults");
    if (max === undefined || max < 1 || max > 60)
      fail(
        "InvalidParameterException",
        "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 60",
      );
    const { page, next } = paginate(await ctx.stores.pools.list(), max, optionalString(input, "NextToken"));
    return {
      UserPools: page.map((p) => ({
        Id: p.id,
        Name: p.name,
        LambdaConfig: p.settings.LambdaConfig,
        LastModifiedDate: awsTime(p.updatedAt),
        CreationDate: awsTime(p.createdAt),
      })),
      ...(next ? { NextToken: next } : {}),
    };
  },

  async DeleteUserPool(ctx, input) {
    await deletePool(ctx, await requirePool(ctx, requiredString(input, "UserPoolId")));
    return {};
  },

  async CreateUserPoolClient(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    return { UserPoolClient: clientType(await createClient(ctx, pool, input)) };
  },

  async DescribeUserPoolClient(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    return {
      UserPoolClient: clientType(await requireClient(ctx, pool.id, requiredString(input, "ClientId"))),
    };
  },

  async UpdateUserPoolClient(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    const client = await requireClient(ctx, pool.id, requiredString(input, "ClientId"));
    return { UserPoolClient: clientType(await updateClient(ctx, pool, client, input)) };
  },

  async ListUserPoolClients(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    const clients = await ctx.stores.clients.listByPool(pool.id);
    const { page, next } = paginate(
      clients,
      optionalNumber(input, "MaxResults"),
      optionalString(input, "NextToken"),
    );
    return {
      UserPoolClients: page.map((c) => ({ ClientId: c.id, UserPoolId: c.poolId, ClientName: c.name })),
      ...(next ? { NextToken: next } : {}),
    };
  },

  async DeleteUserPoolClient(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    const client = await requireClient(ctx, pool.id, requiredString(input, "ClientId"));
    await ctx.stores.clients.delete(client.id);
    return {};
  },

  async CreateResourceServer(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    const identifier = requiredString(input, "Identifier");
    const name = requiredString(input, "Name");
    const scopes = (Array.isArray(input["Scopes"]) ? input["Scopes"] : []) as ResourceServerRecord["scopes"];
    for (const s of scopes)
      if (typeof s?.ScopeName !== "string" || !/^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+$/.test(s.ScopeName))
        fail("InvalidParameterException", "Invalid ScopeName");
    const existing = await ctx.stores.resourceServers.listByPool(pool.id);
    if (existing.some((rs) => rs.identifier === identifier))
      fail("InvalidParameterException", `${identifier} already exists in user pool ${pool.id}.`);
    const record = { poolId: pool.id, identifier, name, scopes };
    await ctx.stores.resourceServers.upsert(record, ctx.now());
    return { ResourceServer: { UserPoolId: pool.id, Identifier: identifier, Name: name, Scopes: scopes } };
  },

  async DescribeResourceServer(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    const identifier = requiredString(input, "Identifier");
    const rs = (await ctx.stores.resourceServers.listByPool(pool.id)).find(
      (r) => r.identifier === identifier,
    );
    if (rs === undefined) fail("ResourceNotFoundException", `Resource server ${identifier} does not exist.`);
    return {
      ResourceServer: { UserPoolId: pool.id, Identifier: rs.identifier, Name: rs.name, Scopes: rs.scopes },
    };
  },

  async ListResourceServers(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    const all = await ctx.stores.resourceServers.listByPool(pool.id);
    const { page, next } = paginate(
      all,
      optionalNumber(input, "MaxResults"),
      optionalString(input, "NextToken"),
      50,
    );
    return {
      ResourceServers: page.map((rs) => ({
        UserPoolId: pool.id,
        Identifier: rs.identifier,
        Name: rs.name,
        Scopes: rs.scopes,
      })),
      ...(next ? { NextToken: next } : {}),
    };
  },

  async DeleteResourceServer(ctx, input) {
    const pool = await requirePool(ctx, requiredString(input, "UserPoolId"));
    await ctx.stores.resourceServers.delete(pool.id, requiredString(input, "Identifier"));
    return {};
  },
};
