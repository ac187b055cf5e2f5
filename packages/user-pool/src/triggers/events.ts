import { triggerUserAttributes } from "../domain/attributes.ts";
import type { PoolContext } from "../domain/context.ts";
import type { GroupRecord, PoolRecord, UserRecord } from "../domain/model.ts";
import type { TriggerEvent } from "./invoke.ts";

/**
 * Builders for the four triggers Tollgate runs, with Cognito's event shapes (see the wire contract §5).
 * Each returns the parts of the response the caller acts on; an unconfigured trigger is a no-op.
 */

type Metadata = Record<string, string> | undefined;

function envelope(
  ctx: PoolContext,
  pool: PoolRecord,
  triggerSource: string,
  userName: string,
  clientId: string | undefined,
  request: Record<string, unknown>,
  version = "1",
): TriggerEvent {
  return {
    version,
    triggerSource,
    region: ctx.region,
    userPoolId: pool.id,
    userName,
    callerContext: {
      awsSdkVersion: "aws-sdk-unknown-unknown",
      clientId: clientId ?? "CLIENT_ID_NOT_APPLICABLE",
    },
    request,
    response: {},
  };
}

/** What PreSignUp may decide. */
export interface PreSignUpResult {
  autoConfirmUser: boolean;
  autoVerifyEmail: boolean;
  autoVerifyPhone: boolean;
}

export async function runPreSignUp(
  ctx: PoolContext,
  pool: PoolRecord,
  input: {
    source: "PreSignUp_SignUp" | "PreSignUp_AdminCreateUser";
    userName: string;
    clientId: string | undefined;
    userAttributes: Record<string, string>;
    validationData: Record<string, string>;
    clientMetadata: Metadata;
  },
): Promise<PreSignUpResult> {
  const none = { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false };
  const target = pool.settings.LambdaConfig.PreSignUp;
  if (!target) return none;
  const event = envelope(ctx, pool, input.source, input.userName, input.clientId, {
    userAttributes: input.userAttributes,
    validationData: input.validationData,
    ...(input.clientMetadata ? { clientMetadata: input.clientMetadata } : {}),
  });
  event.response = { ...none };
  const out = await ctx.triggers.invoke(target, "PreSignUp", event);
  return {
    autoConfirmUser: out.response["autoConfirmUser"] === true,
    autoVerifyEmail: out.response["autoVerifyEmail"] === true,
    autoVerifyPhone: out.response["autoVerifyPhone"] === true,
  };
}

export async function runPostConfirmation(
  ctx: PoolContext,
  pool: PoolRecord,
  input: { user: UserRecord; clientId: string | undefined; clientMetadata: Metadata },
): Promise<void> {
  const target = pool.settings.LambdaConfig.PostConfirmation;
  if (!target) return;
  const event = envelope(ctx, pool, "PostConfirmation_ConfirmSignUp", input.user.username, input.clientId, {
    userAttributes: triggerUserAttributes(input.user),
    ...(input.clientMetadata ? { clientMetadata: input.clientMetadata } : {}),
  });
  await ctx.triggers.invoke(target, "PostConfirmation", event);
}

export async function runPostAuthentication(
  ctx: PoolContext,
  pool: PoolRecord,
  input: { user: UserRecord; clientId: string; clientMetadata: Metadata },
): Promise<void> {
  const target = pool.settings.LambdaConfig.PostAuthentication;
  if (!target) return;
  const event = envelope(
    ctx,
    pool,
    "PostAuthentication_Authentication",
    input.user.username,
    input.clientId,
    {
      userAttributes: triggerUserAttributes(input.user),
      newDeviceUsed: false,
      ...(input.clientMetadata ? { clientMetadata: input.clientMetadata } : {}),
    },
  );
  await ctx.triggers.invoke(target, "PostAuthentication", event);
}

export type TokenGenerationSource =
  | "TokenGeneration_HostedAuth"
  | "TokenGeneration_Authentication"
  | "TokenGeneration_NewPasswordChallenge"
  | "TokenGeneration_RefreshTokens";

type Claims = Record<string, unknown>;

/** PreTokenGeneration's answer, normalised across V1 and V2/V3. */
export interface TokenOverrides {
  idClaimsToAdd: Claims;
  idClaimsToSuppress: string[];
  accessClaimsToAdd: Claims;
  accessClaimsToSuppress: string[];
  scopesToAdd: string[];
  scopesToSuppress: string[];
  /** `undefined`: keep the user's groups; an array (possibly empty): replace them. */
  groupsOverride: string[] | undefined;
}

export async function runPreTokenGeneration(
  ctx: PoolContext,
  pool: PoolRecord,
  input: {
    source: TokenGenerationSource;
    user: UserRecord;
    clientId: string;
    groups: GroupRecord[];
    scopes: string[];
    clientMetadata: Metadata;
  },
): Promise<TokenOverrides | undefined> {
  const config = pool.settings.LambdaConfig;
  // PreTokenGenerationConfig supersedes the legacy PreTokenGeneration field, which always meant V1.
  const target = config.PreTokenGenerationConfig?.LambdaArn || config.PreTokenGeneration;
  if (!target) return undefined;
  const version =
    config.PreTokenGenerationConfig?.LambdaVersion === "V2_0"
      ? "2"
      : config.PreTokenGenerationConfig?.LambdaVersion === "V3_0"
        ? "3"
        : "1";
  const groupConfiguration = {
    groupsToOverride: input.groups.map((g) => g.name),
    iamRolesToOverride: input.groups.flatMap((g) => (g.roleArn ? [g.roleArn] : [])),
    preferredRole: input.groups.find((g) => g.roleArn)?.roleArn ?? null,
  };
  const request: Record<string, unknown> = {
    userAttributes: triggerUserAttributes(input.user),
    groupConfiguration,
    ...(input.clientMetadata ? { clientMetadata: input.clientMetadata } : {}),
  };
  if (version !== "1") request["scopes"] = input.scopes;
  const event = envelope(ctx, pool, input.source, input.user.username, input.clientId, request, version);
  const out = await ctx.triggers.invoke(target, "PreTokenGeneration", event);
  return version === "1" ? fromV1(out.response) : fromV2(out.response);
}

function record(value: unknown): Claims {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Claims) : {};
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/**
 * A present `groupOverrideDetails` replaces the groups (empty or null groupsToOverride suppresses them);
 * an absent one keeps them. [uncertain] AWS's wording is ambiguous about an omitted object; keeping
 * groups is what a handler that just `return event`s expects.
 */
function groupsFrom(details: Claims): string[] | undefined {
  if (!("groupOverrideDetails" in details)) return undefined;
  return strings(record(details["groupOverrideDetails"])["groupsToOverride"]);
}

function fromV1(response: Claims): TokenOverrides {
  const details = record(response["claimsOverrideDetails"]);
  // V1 claim values are strings; other types are coerced the way Cognito's V1 does.
  const add = Object.fromEntries(
    Object.entries(record(details["claimsToAddOrOverride"])).map(([k, v]) => [k, String(v)]),
  );
  return {
    idClaimsToAdd: add,
    idClaimsToSuppress: strings(details["claimsToSuppress"]),
    accessClaimsToAdd: {},
    accessClaimsToSuppress: [],
    scopesToAdd: [],
    scopesToSuppress: [],
    groupsOverride: groupsFrom(details),
  };
}

function fromV2(response: Claims): TokenOverrides {
  const details = record(response["claimsAndScopeOverrideDetails"]);
  const id = record(details["idTokenGeneration"]);
  const access = record(details["accessTokenGeneration"]);
  return {
    idClaimsToAdd: record(id["claimsToAddOrOverride"]),
    idClaimsToSuppress: strings(id["claimsToSuppress"]),
    accessClaimsToAdd: record(access["claimsToAddOrOverride"]),
    accessClaimsToSuppress: strings(access["claimsToSuppress"]),
    scopesToAdd: strings(access["scopesToAdd"]),
    scopesToSuppress: strings(access["scopesToSuppress"]),
    groupsOverride: groupsFrom(details),
  };
}
