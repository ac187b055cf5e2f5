import { addCustomAttributes } from "../domain/attributes.ts";
import { createClient, requireClient, updateClient } from "../domain/clients.ts";
import { fail } from "../domain/errors.ts";
import { optionalNumber, requiredString } from "../domain/input.ts";
import { poolMfaConfig, setPoolMfaConfig } from "../domain/mfa.ts";
import type { ResourceServerRecord } from "../domain/model.ts";
import { createPool, deletePool, updatePool } from "../domain/pools.ts";
import type { OperationTable } from "./operation.ts";
import { listPage } from "./pages.ts";
import { requestedPool } from "./requested.ts";
import { awsTime, clientType, poolType, resourceServerType } from "./shapes.ts";

/** User pools, app clients and resource servers. */
export const poolOperations: OperationTable = {
  async CreateUserPool(ctx, input) {
    const pool = await createPool(ctx, input);
    return { UserPool: poolType(ctx, pool, 0) };
  },

  async DescribeUserPool(ctx, input) {
    const pool = await requestedPool(ctx, input);
    return { UserPool: poolType(ctx, pool, await ctx.stores.users.countByPool(pool.id)) };
  },

  async UpdateUserPool(ctx, input) {
    const pool = await requestedPool(ctx, input);
    await updatePool(ctx, pool, input);
    return {};
  },

  async AddCustomAttributes(ctx, input) {
    const pool = await requestedPool(ctx, input);
    pool.settings.SchemaAttributes = addCustomAttributes(
      pool.settings.SchemaAttributes,
      input["CustomAttributes"],
    );
    pool.updatedAt = ctx.now();
    await ctx.stores.pools.update(pool);
    return {};
  },

  async SetUserPoolMfaConfig(ctx, input) {
    const pool = await requestedPool(ctx, input);
    setPoolMfaConfig(pool, input);
    pool.updatedAt = ctx.now();
    await ctx.stores.pools.update(pool);
    return poolMfaConfig(pool);
  },

  async GetUserPoolMfaConfig(ctx, input) {
    return poolMfaConfig(await requestedPool(ctx, input));
  },

  async ListUserPools(ctx, input) {
    const max = optionalNumber(input, "MaxResults");
    if (max === undefined || max < 1 || max > 60)
      fail(
        "InvalidParameterException",
        "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 60",
      );
    const pools = await ctx.stores.pools.list();
    return listPage(input, pools, { items: "UserPools", limit: "MaxResults" }, (p) => ({
      Id: p.id,
      Name: p.name,
      LambdaConfig: p.settings.LambdaConfig,
      LastModifiedDate: awsTime(p.updatedAt),
      CreationDate: awsTime(p.createdAt),
    }));
  },

  async DeleteUserPool(ctx, input) {
    await deletePool(ctx, await requestedPool(ctx, input));
    return {};
  },

  async CreateUserPoolClient(ctx, input) {
    const pool = await requestedPool(ctx, input);
    return { UserPoolClient: clientType(await createClient(ctx, pool, input)) };
  },

  async DescribeUserPoolClient(ctx, input) {
    const pool = await requestedPool(ctx, input);
    return {
      UserPoolClient: clientType(await requireClient(ctx, pool.id, requiredString(input, "ClientId"))),
    };
  },

  async UpdateUserPoolClient(ctx, input) {
    const pool = await requestedPool(ctx, input);
    const client = await requireClient(ctx, pool.id, requiredString(input, "ClientId"));
    return { UserPoolClient: clientType(await updateClient(ctx, pool, client, input)) };
  },

  async ListUserPoolClients(ctx, input) {
    const pool = await requestedPool(ctx, input);
    const clients = await ctx.stores.clients.listByPool(pool.id);
    return listPage(input, clients, { items: "UserPoolClients", limit: "MaxResults" }, (c) => ({
      ClientId: c.id,
      UserPoolId: c.poolId,
      ClientName: c.name,
    }));
  },

  async DeleteUserPoolClient(ctx, input) {
    const pool = await requestedPool(ctx, input);
    const client = await requireClient(ctx, pool.id, requiredString(input, "ClientId"));
    await ctx.stores.clients.delete(client.id);
    return {};
  },

  async CreateResourceServer(ctx, input) {
    const pool = await requestedPool(ctx, input);
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
    return { ResourceServer: resourceServerType(record) };
  },

  async DescribeResourceServer(ctx, input) {
    const pool = await requestedPool(ctx, input);
    const identifier = requiredString(input, "Identifier");
    const rs = (await ctx.stores.resourceServers.listByPool(pool.id)).find(
      (r) => r.identifier === identifier,
    );
    if (rs === undefined) fail("ResourceNotFoundException", `Resource server ${identifier} does not exist.`);
    return { ResourceServer: resourceServerType(rs) };
  },

  async ListResourceServers(ctx, input) {
    const pool = await requestedPool(ctx, input);
    const all = await ctx.stores.resourceServers.listByPool(pool.id);
    const names = { items: "ResourceServers", limit: "MaxResults", max: 50 } as const;
    return listPage(input, all, names, resourceServerType);
  },

  async DeleteResourceServer(ctx, input) {
    const pool = await requestedPool(ctx, input);
    await ctx.stores.resourceServers.delete(pool.id, requiredString(input, "Identifier"));
    return {};
  },
};
