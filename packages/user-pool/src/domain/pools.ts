import { buildSchemaAttributes } from "./attributes.ts";
import type { PoolContext } from "./context.ts";
import { fail } from "./errors.ts";
import { newPoolId } from "./ids.ts";
import { type Input, optionalObject, optionalString, optionalStringList, requiredString } from "./input.ts";
import type { LambdaConfig, PoolRecord, PoolSettings, SchemaAttribute } from "./model.ts";
import { DEFAULT_PASSWORD_POLICY } from "./password-policy.ts";

/**
 * Tollgate extension, carried in a field the AWS SDK already sends: a pool tagged
 * `tollgate:autoConfirmSignUp = "true"` confirms self-sign-ups without a code (handy locally, where
 * no mail is delivered). Real Cognito ignores the tag, so the same seed works against AWS.
 */
export const AUTO_CONFIRM_TAG = "tollgate:autoConfirmSignUp";

/** Members we interpret; everything else CreateUserPool receives is stored and echoed back. */
const INTERPRETED = new Set([
  "PoolName",
  "Policies",
  "LambdaConfig",
  "Schema",
  "AutoVerifiedAttributes",
  "AliasAttributes",
  "UsernameAttributes",
  "UsernameConfiguration",
  "MfaConfiguration",
  "AdminCreateUserConfig",
  "UserPoolId",
]);

function passwordPolicy(input: Input | undefined): PoolSettings["Policies"] {
  const raw = (input?.["PasswordPolicy"] ?? {}) as Partial<typeof DEFAULT_PASSWORD_POLICY>;
  const policy = { ...DEFAULT_PASSWORD_POLICY, ...raw };
  if (!Number.isInteger(policy.MinimumLength) || policy.MinimumLength < 6 || policy.MinimumLength > 99)
    fail("InvalidParameterException", "Password policy MinimumLength must be between 6 and 99.");
  if (
    !Number.isInteger(policy.TemporaryPasswordValidityDays) ||
    policy.TemporaryPasswordValidityDays < 0 ||
    policy.TemporaryPasswordValidityDays > 365
  )
    fail("InvalidParameterException", "TemporaryPasswordValidityDays must be between 0 and 365.");
  return { ...(input ?? {}), PasswordPolicy: policy };
}

function lambdaConfig(input: Input | undefined): LambdaConfig {
  const config = { ...(input ?? {}) } as LambdaConfig;
  const ptg = config.PreTokenGenerationConfig;
  if (ptg !== undefined) {
    if (!["V1_0", "V2_0", "V3_0"].includes(ptg.LambdaVersion))
      fail("InvalidParameterException", "PreTokenGenerationConfig.LambdaVersion must be V1_0, V2_0 or V3_0.");
    if (typeof ptg.LambdaArn !== "string" || ptg.LambdaArn === "")
      fail("InvalidParameterException", "PreTokenGenerationConfig.LambdaArn is required.");
  }
  return config;
}

/** Builds pool settings from CreateUserPool/UpdateUserPool members, with Cognito's API defaults. */
function settingsFrom(input: Input, previous: PoolSettings | undefined): PoolSettings {
  const usernameAttributes = optionalStringList(input, "UsernameAttributes") ?? previous?.UsernameAttributes;
  const aliasAttributes = optionalStringList(input, "AliasAttributes") ?? previous?.AliasAttributes;
  if (usernameAttributes?.length && aliasAttributes?.length)
    fail(
      "InvalidParameterException",
      "Only one of the parameters AliasAttributes and UsernameAttributes can be set in a User Pool",
    );
  for (const a of usernameAttributes ?? [])
    if (a !== "email" && a !== "phone_number")
      fail("InvalidParameterException", `Invalid UsernameAttributes value: ${a}`);
  for (const a of aliasAttributes ?? [])
    if (!["email", "phone_number", "preferred_username"].includes(a))
      fail("InvalidParameterException", `Invalid AliasAttributes value: ${a}`);
  const extras = Object.fromEntries(Object.entries(input).filter(([k]) => !INTERPRETED.has(k)));
  const caseSensitive = (optionalObject(input, "UsernameConfiguration")?.["CaseSensitive"] ??
    previous?.UsernameConfiguration.CaseSensitive ??
    true) as boolean;
  const adminCreate = optionalObject(input, "AdminCreateUserConfig");
  return {
    ...(previous ? Object.fromEntries(Object.entries(previous).filter(([k]) => !INTERPRETED.has(k))) : {}),
    ...extras,
    Policies: passwordPolicy(optionalObject(input, "Policies") ?? previous?.Policies),
    LambdaConfig: lambdaConfig(optionalObject(input, "LambdaConfig") ?? (previous ? {} : undefined)),
    SchemaAttributes:
      previous?.SchemaAttributes ?? buildSchemaAttributes(input["Schema"] as SchemaAttribute[] | undefined),
    ...((optionalStringList(input, "AutoVerifiedAttributes") ?? previous?.AutoVerifiedAttributes)
      ? {
          AutoVerifiedAttributes:
            optionalStringList(input, "AutoVerifiedAttributes") ?? previous?.AutoVerifiedAttributes,
        }
      : {}),
    ...(aliasAttributes?.length ? { AliasAttributes: aliasAttributes } : {}),
    ...(usernameAttributes?.length ? { UsernameAttributes: usernameAttributes } : {}),
    UsernameConfiguration: { CaseSensitive: caseSensitive },
    MfaConfiguration: optionalString(input, "MfaConfiguration") ?? previous?.MfaConfiguration ?? "OFF",
    AdminCreateUserConfig: {
      AllowAdminCreateUserOnly: false,
      UnusedAccountValidityDays: 7,
      ...(adminCreate ?? previous?.AdminCreateUserConfig ?? {}),
    },
  };
}

/** CreateUserPool. `UserPoolId` is a Tollgate extension used by seeding, so apps can be configured with fixed ids. */
export async function createPool(ctx: PoolContext, input: Input): Promise<PoolRecord> {
  const name = requiredString(input, "PoolName");
  if (name.length > 128) fail("InvalidParameterException", "PoolName must be at most 128 characters.");
  const id = optionalString(input, "UserPoolId") ?? newPoolId(ctx.region);
  if (!/^[\w-]+_[0-9a-zA-Z]+$/.test(id)) fail("InvalidParameterException", `Invalid user pool id ${id}`);
  if (await ctx.stores.pools.get(id)) fail("InvalidParameterException", `User pool ${id} already exists.`);
  const now = ctx.now();
  const pool: PoolRecord = {
    id,
    name,
    settings: settingsFrom(input, undefined),
    createdAt: now,
    updatedAt: now,
  };
  await ctx.stores.pools.insert(pool);
  return pool;
}

/** UpdateUserPool: like Cognito, the pool name and schema cannot change here. */
export async function updatePool(ctx: PoolContext, pool: PoolRecord, input: Input): Promise<PoolRecord> {
  const updated: PoolRecord = { ...pool, settings: settingsFrom(input, pool.settings), updatedAt: ctx.now() };
  await ctx.stores.pools.update(updated);
  return updated;
}

export async function requirePool(ctx: PoolContext, id: string): Promise<PoolRecord> {
  const pool = await ctx.stores.pools.get(id);
  if (pool === undefined) fail("ResourceNotFoundException", `User pool ${id} does not exist.`);
  return pool;
}

export async function deletePool(ctx: PoolContext, pool: PoolRecord): Promise<void> {
  if (pool.settings["DeletionProtection"] === "ACTIVE")
    fail(
      "InvalidParameterException",
      "The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.",
    );
  await ctx.stores.pools.delete(pool.id);
}

export function poolArn(ctx: PoolContext, pool: PoolRecord): string {
  return `arn:aws:cognito-idp:${ctx.region}:${ctx.accountId}:userpool/${pool.id}`;
}

export function autoConfirmsSignUp(pool: PoolRecord): boolean {
  return pool.settings.UserPoolTags?.[AUTO_CONFIRM_TAG] === "true";
}

/** Pools whose users sign in with their email (or phone) get a UUID as their Username. */
export function usesEmailAsUsername(pool: PoolRecord): boolean {
  return pool.settings.UsernameAttributes?.includes("email") ?? false;
}
