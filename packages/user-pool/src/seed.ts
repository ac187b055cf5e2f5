import { readFile } from "node:fs/promises";
import Type, { type Static } from "typebox";
import { Value } from "typebox/value";
import { createClient } from "./domain/clients.ts";
import { issuerOf, type PoolContext } from "./domain/context.ts";
import { addUserToGroup, createGroup } from "./domain/groups.ts";
import type { Input } from "./domain/input.ts";
import type { PoolRecord } from "./domain/model.ts";
import { AUTO_CONFIRM_TAG, createPool, usesEmailAsUsername } from "./domain/pools.ts";
import { adminCreateUser, findUser, setEnabled, setPermanentPassword } from "./domain/users.ts";

const SeedClient = Type.Object({
  /** Fixed client id (26 lowercase alphanumerics like Cognito's), so the app's config can name it. */
  id: Type.Optional(Type.String()),
  name: Type.String(),
  /** `true` generates a secret; a string fixes it. Needed for client_credentials. */
  secret: Type.Optional(Type.Union([Type.Boolean(), Type.String()])),
  callbackUrls: Type.Optional(Type.Array(Type.String())),
  logoutUrls: Type.Optional(Type.Array(Type.String())),
  /** Defaults to ["code"] when callbackUrls are given. */
  oauthFlows: Type.Optional(Type.Array(Type.String())),
  /** Defaults to ["openid", "email", "profile", "aws.cognito.signin.user.admin"] for code/implicit clients. */
  oauthScopes: Type.Optional(Type.Array(Type.String())),
  /** Defaults to password sign-in and refresh. */
  explicitAuthFlows: Type.Optional(Type.Array(Type.String())),
  accessTokenValidityMinutes: Type.Optional(Type.Number()),
  idTokenValidityMinutes: Type.Optional(Type.Number()),
  refreshTokenValidityDays: Type.Optional(Type.Number()),
  preventUserExistenceErrors: Type.Optional(Type.Union([Type.Literal("LEGACY"), Type.Literal("ENABLED")])),
});

const SeedUser = Type.Object({
  /** The username, or the email in pools with `usernameAttributes: ["email"]`. */
  username: Type.String(),
  password: Type.Optional(Type.String()),
  /** `true`: the password is temporary and must be changed at first sign-in. */
  temporaryPassword: Type.Optional(Type.Boolean()),
  /** Attribute values; `email_verified` defaults to "true" when an email is given. */
  attributes: Type.Optional(Type.Record(Type.String(), Type.String())),
  groups: Type.Optional(Type.Array(Type.String())),
  enabled: Type.Optional(Type.Boolean()),
});

const SeedPool = Type.Object({
  /** Fixed pool id (`us-east-1_` + letters and digits), so verifiers can be configured ahead of time. */
  id: Type.Optional(Type.String()),
  name: Type.String(),
  usernameAttributes: Type.Optional(Type.Array(Type.String())),
  autoVerifiedAttributes: Type.Optional(Type.Array(Type.String())),
  /** Confirm self-sign-ups without a code (Tollgate extension, stored as a pool tag). */
  autoConfirmSignUp: Type.Optional(Type.Boolean()),
  passwordPolicy: Type.Optional(Type.Record(Type.String(), Type.Union([Type.Number(), Type.Boolean()]))),
  /** Trigger targets by Cognito's LambdaConfig names: webhook URLs or ES module paths. */
  lambdaConfig: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  /** Extra schema attributes, as CreateUserPool's Schema (e.g. custom attributes). */
  schema: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Unknown()))),
  resourceServers: Type.Optional(
    Type.Array(
      Type.Object({
        identifier: Type.String(),
        name: Type.String(),
        scopes: Type.Array(Type.Object({ name: Type.String(), description: Type.Optional(Type.String()) })),
      }),
    ),
  ),
  clients: Type.Optional(Type.Array(SeedClient)),
  groups: Type.Optional(
    Type.Array(
      Type.Object({
        name: Type.String(),
        description: Type.Optional(Type.String()),
        precedence: Type.Optional(Type.Number()),
      }),
    ),
  ),
  users: Type.Optional(Type.Array(SeedUser)),
});

/** The seed document: pools with their clients, groups and users. */
export const SeedSchema = Type.Object({ pools: Type.Array(SeedPool) });

export type UserPoolSeed = Static<typeof SeedSchema>;

/** What seeding produced (or found): the ids and secrets an app needs. */
export interface SeedResult {
  pools: {
    id: string;
    name: string;
    issuer: string;
    clients: { id: string; name: string; secret: string | null }[];
    groups: string[];
    users: { username: string; sub: string }[];
  }[];
}

/** Raised for a seed document that does not match SeedSchema; lists each problem with its path. */
export class SeedError extends Error {
  constructor(problems: string[]) {
    super(`invalid user-pool seed:\n  ${problems.join("\n  ")}`);
    this.name = "SeedError";
  }
}

function validate(seed: unknown): UserPoolSeed {
  if (Value.Check(SeedSchema, seed)) return seed;
  const problems = Value.Errors(SeedSchema, seed).map((e) => `${e.instancePath || "/"}: ${e.message}`);
  throw new SeedError(problems.slice(0, 20));
}

async function ensurePool(ctx: PoolContext, spec: UserPoolSeed["pools"][number]): Promise<PoolRecord> {
  const existing = spec.id
    ? await ctx.stores.pools.get(spec.id)
    : (await ctx.stores.pools.list()).find((p) => p.name === spec.name);
  if (existing) return existing;
  const input: Input = {
    PoolName: spec.name,
    ...(spec.id ? { UserPoolId: spec.id } : {}),
    ...(spec.usernameAttributes ? { UsernameAttributes: spec.usernameAttributes } : {}),
    ...(spec.autoVerifiedAttributes ? { AutoVerifiedAttributes: spec.autoVerifiedAttributes } : {}),
    ...(spec.passwordPolicy ? { Policies: { PasswordPolicy: spec.passwordPolicy } } : {}),
    ...(spec.lambdaConfig ? { LambdaConfig: spec.lambdaConfig } : {}),
    ...(spec.schema ? { Schema: spec.schema } : {}),
    ...(spec.autoConfirmSignUp ? { UserPoolTags: { [AUTO_CONFIRM_TAG]: "true" } } : {}),
  };
  return createPool(ctx, input);
}

function clientInput(spec: NonNullable<UserPoolSeed["pools"][number]["clients"]>[number]): Input {
  const oauthFlows = spec.oauthFlows ?? (spec.callbackUrls?.length ? ["code"] : []);
  const userFacing = oauthFlows.some((f) => f !== "client_credentials");
  return {
    ClientName: spec.name,
    ...(spec.id ? { ClientId: spec.id } : {}),
    ...(spec.secret === true
      ? { GenerateSecret: true }
      : typeof spec.secret === "string"
        ? { ClientSecret: spec.secret }
        : {}),
    ExplicitAuthFlows: spec.explicitAuthFlows ?? [
      "ALLOW_USER_PASSWORD_AUTH",
      "ALLOW_USER_SRP_AUTH",
      "ALLOW_ADMIN_USER_PASSWORD_AUTH",
      "ALLOW_REFRESH_TOKEN_AUTH",
    ],
    ...(spec.callbackUrls ? { CallbackURLs: spec.callbackUrls } : {}),
    ...(spec.logoutUrls ? { LogoutURLs: spec.logoutUrls } : {}),
    ...(oauthFlows.length
      ? {
          AllowedOAuthFlows: oauthFlows,
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthScopes:
            spec.oauthScopes ??
            (userFacing ? ["openid", "email", "profile", "aws.cognito.signin.user.admin"] : []),
          SupportedIdentityProviders: ["COGNITO"],
        }
      : {}),
    ...(spec.accessTokenValidityMinutes ? { AccessTokenValidity: spec.accessTokenValidityMinutes } : {}),
    ...(spec.idTokenValidityMinutes ? { IdTokenValidity: spec.idTokenValidityMinutes } : {}),
    ...(spec.refreshTokenValidityDays ? { RefreshTokenValidity: spec.refreshTokenValidityDays } : {}),
    ...(spec.preventUserExistenceErrors
      ? { PreventUserExistenceErrors: spec.preventUserExistenceErrors }
      : {}),
  };
}

/**
 * Creates pools, resource servers, clients, groups and users from a seed document. Idempotent: what
 * already exists (pool by id or name, client by id or name, group or user by name) is left as it is,
 * so it can run at every start.
 *
 * @example
 * await seedUserPool(ctx, {
 *   pools: [{ id: "us-east-1_Tollgate1", name: "tasks",
 *     clients: [{ id: "tasksspa0000000000000000000".slice(0, 26), name: "tasks-spa", callbackUrls: ["http://localhost:3000/callback"] }],
 *     groups: [{ name: "admin" }],
 *     users: [{ username: "alice", password: "Passw0rd!", attributes: { email: "alice@example.com" }, groups: ["admin"] }] }],
 * });
 */
export async function seedUserPool(ctx: PoolContext, document: unknown): Promise<SeedResult> {
  const seed = validate(document);
  const result: SeedResult = { pools: [] };
  for (const spec of seed.pools) {
    const pool = await ensurePool(ctx, spec);
    for (const rs of spec.resourceServers ?? []) {
      await ctx.stores.resourceServers.upsert(
        {
          poolId: pool.id,
          identifier: rs.identifier,
          name: rs.name,
          scopes: rs.scopes.map((s) => ({ ScopeName: s.name, ScopeDescription: s.description ?? s.name })),
        },
        ctx.now(),
      );
    }
    const existingClients = await ctx.stores.clients.listByPool(pool.id);
    const clients: SeedResult["pools"][number]["clients"] = [];
    for (const c of spec.clients ?? []) {
      const found = existingClients.find((e) => (c.id ? e.id === c.id : e.name === c.name));
      const client = found ?? (await createClient(ctx, pool, clientInput(c)));
      clients.push({ id: client.id, name: client.name, secret: client.secret });
    }
    for (const g of spec.groups ?? []) {
      if (!(await ctx.stores.groups.get(pool.id, g.name)))
        await createGroup(ctx, pool, { name: g.name, description: g.description, precedence: g.precedence });
    }
    const users: SeedResult["pools"][number]["users"] = [];
    for (const u of spec.users ?? []) {
      let user = await findUser(ctx, pool, u.username);
      if (user === undefined) {
        const attributes = { ...(u.attributes ?? {}) };
        // Seeded addresses are the operator's own: treat them as verified unless told otherwise.
        const hasEmail = attributes["email"] !== undefined || usesEmailAsUsername(pool);
        if (hasEmail && attributes["email_verified"] === undefined) attributes["email_verified"] = "true";
        ({ user } = await adminCreateUser(ctx, pool, {
          username: u.username,
          attributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
          temporaryPassword: u.password,
          messageAction: "SUPPRESS",
        }));
        if (u.password !== undefined && !u.temporaryPassword)
          await setPermanentPassword(ctx, pool, user, u.password);
        if (u.enabled === false) await setEnabled(ctx, user, false);
      }
      for (const name of u.groups ?? []) {
        const group = await ctx.stores.groups.get(pool.id, name);
        if (group === undefined) throw new SeedError([`user ${u.username}: unknown group ${name}`]);
        await addUserToGroup(ctx, group, user);
      }
      users.push({ username: user.username, sub: user.sub });
    }
    result.pools.push({
      id: pool.id,
      name: pool.name,
      issuer: issuerOf(ctx, pool.id),
      clients,
      groups: (await ctx.stores.groups.listByPool(pool.id)).map((g) => g.name),
      users,
    });
  }
  return result;
}

/** Reads a seed file (JSON) and applies it. */
export async function seedUserPoolFromFile(ctx: PoolContext, file: string): Promise<SeedResult> {
  let document: unknown;
  try {
    document = JSON.parse(await readFile(file, "utf8"));
  } catch (err) {
    throw new SeedError([`${file}: ${err instanceof Error ? err.message : String(err)}`]);
  }
  return seedUserPool(ctx, document);
}
