import type { PoolContext } from "./context.ts";
import { fail } from "./errors.ts";
import { newClientId, newClientSecret } from "./ids.ts";
import {
  type Input,
  optionalBoolean,
  optionalNumber,
  optionalObject,
  optionalString,
  optionalStringList,
  requiredString,
} from "./input.ts";
import type { ClientRecord, ClientSettings, PoolRecord, TimeUnit } from "./model.ts";

/** Scopes every pool understands; custom ones come from resource servers (`<identifier>/<scope>`). */
export const STANDARD_SCOPES = ["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"];

const AUTH_FLOWS = new Set([
  "ADMIN_NO_SRP_AUTH",
  "CUSTOM_AUTH_FLOW_ONLY",
  "USER_PASSWORD_AUTH",
  "ALLOW_ADMIN_USER_PASSWORD_AUTH",
  "ALLOW_CUSTOM_AUTH",
  "ALLOW_USER_PASSWORD_AUTH",
  "ALLOW_USER_SRP_AUTH",
  "ALLOW_REFRESH_TOKEN_AUTH",
  "ALLOW_USER_AUTH",
]);

const UNITS = new Set<TimeUnit>(["seconds", "minutes", "hours", "days"]);

/**
 * Cognito accepts https URLs, http only for localhost, and custom schemes (`myapp://cb`); never fragments.
 * We also accept http on 127.0.0.1 and [::1]: both are the same machine as localhost, and refusing them
 * would only push local users to rewrite their URLs. [uncertain] AWS itself refuses them.
 */
export function validateRedirectUrl(raw: string, field: string): void {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    fail("InvalidParameterException", `${field} must be absolute URLs: ${raw}`);
  }
  if (url.hash !== "" || raw.includes("#"))
    fail("InvalidParameterException", `${field} must not contain a fragment: ${raw}`);
  if (url.protocol === "http:" && !["localhost", "127.0.0.1", "[::1]"].includes(url.hostname))
    fail("InvalidParameterException", `${field} must use HTTPS except for localhost: ${raw}`);
}

function validity(
  input: Input,
  name: string,
  fallback: number,
  unit: TimeUnit,
  minSeconds: number,
  maxSeconds: number,
): number {
  const value = optionalNumber(input, name) ?? fallback;
  const seconds = value * { seconds: 1, minutes: 60, hours: 3600, days: 86400 }[unit];
  if (!Number.isInteger(value) || seconds < minSeconds || seconds > maxSeconds)
    fail("InvalidParameterException", `${name} is out of range for its unit (${unit}).`);
  return value;
}

async function knownScopes(ctx: PoolContext, poolId: string): Promise<Set<string>> {
  const servers = await ctx.stores.resourceServers.listByPool(poolId);
  return new Set([
    ...STANDARD_SCOPES,
    ...servers.flatMap((rs) => rs.scopes.map((s) => `${rs.identifier}/${s.ScopeName}`)),
  ]);
}

/**
 * Client settings from CreateUserPoolClient/UpdateUserPoolClient members. As in Cognito, an update
 * replaces the whole configuration: members left out fall back to their defaults.
 */
async function settingsFrom(
  ctx: PoolContext,
  pool: PoolRecord,
  input: Input,
  hasSecret: boolean,
): Promise<ClientSettings> {
  const unitsIn = (optionalObject(input, "TokenValidityUnits") ?? {}) as Partial<
    ClientSettings["TokenValidityUnits"]
  >;
  const units: ClientSettings["TokenValidityUnits"] = {
    AccessToken: unitsIn.AccessToken ?? "minutes",
    IdToken: unitsIn.IdToken ?? "minutes",
    RefreshToken: unitsIn.RefreshToken ?? "days",
  };
  for (const u of Object.values(units))
    if (!UNITS.has(u)) fail("InvalidParameterException", `Invalid token validity unit ${u}`);
  const defaultFor = (unit: TimeUnit, seconds: number) =>
    seconds / { seconds: 1, minutes: 60, hours: 3600, days: 86400 }[unit];
  const flows = optionalStringList(input, "ExplicitAuthFlows") ?? [
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_CUSTOM_AUTH",
  ];
  for (const f of flows)
    if (!AUTH_FLOWS.has(f)) fail("InvalidParameterException", `Invalid ExplicitAuthFlows value: ${f}`);
  const oauthFlows = optionalStringList(input, "AllowedOAuthFlows") ?? [];
  for (const f of oauthFlows)
    if (!["code", "implicit", "client_credentials"].includes(f))
      fail("InvalidOAuthFlowException", `Invalid OAuth flow ${f}`);
  if (oauthFlows.includes("client_credentials") && oauthFlows.length > 1)
    fail(
      "InvalidOAuthFlowException",
      "client_credentials flow can not be selected along with code flow or implicit flow.",
    );
  if (oauthFlows.includes("client_credentials") && !hasSecret)
    fail(
      "InvalidOAuthFlowException",
      "client_credentials flow can not be selected if client does not have a client secret.",
    );
  const scopes = optionalStringList(input, "AllowedOAuthScopes") ?? [];
  const known = await knownScopes(ctx, pool.id);
  for (const s of scopes)
    if (!known.has(s)) fail("ScopeDoesNotExistException", `Invalid scope requested: ${s}`);
  if (oauthFlows.includes("client_credentials") && scopes.some((s) => STANDARD_SCOPES.includes(s)))
    fail("InvalidOAuthFlowException", "client_credentials flow can only be used with custom scopes.");
  const callbacks = optionalStringList(input, "CallbackURLs") ?? [];
  const logouts = optionalStringList(input, "LogoutURLs") ?? [];
  for (const u of callbacks) validateRedirectUrl(u, "CallbackURLs");
  for (const u of logouts) validateRedirectUrl(u, "LogoutURLs");
  const userPoolOAuth = optionalBoolean(input, "AllowedOAuthFlowsUserPoolClient") ?? false;
  if (userPoolOAuth && (oauthFlows.length === 0 || scopes.length === 0))
    fail(
      "InvalidOAuthFlowException",
      "AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is allowed to use OAuth flows.",
    );
  if (
    userPoolOAuth &&
    (oauthFlows.includes("code") || oauthFlows.includes("implicit")) &&
    callbacks.length === 0
  )
    fail("InvalidOAuthFlowException", "CallbackURLs can not be empty when code or implicit flow is allowed.");
  const defaultRedirect = optionalString(input, "DefaultRedirectURI");
  if (defaultRedirect !== undefined && !callbacks.includes(defaultRedirect))
    fail("InvalidParameterException", "DefaultRedirectURI must be one of the CallbackURLs.");
  const prevent = optionalString(input, "PreventUserExistenceErrors") ?? "LEGACY";
  if (prevent !== "LEGACY" && prevent !== "ENABLED")
    fail("InvalidParameterException", "PreventUserExistenceErrors must be LEGACY or ENABLED.");
  const authSessionValidity = optionalNumber(input, "AuthSessionValidity") ?? 3;
  if (!Number.isInteger(authSessionValidity) || authSessionValidity < 3 || authSessionValidity > 15)
    fail("InvalidParameterException", "AuthSessionValidity must be between 3 and 15 minutes.");
  const settings: ClientSettings = {
    RefreshTokenValidity: validity(
      input,
      "RefreshTokenValidity",
      defaultFor(units.RefreshToken, 30 * 86400),
      units.RefreshToken,
      3600,
      3650 * 86400,
    ),
    AccessTokenValidity: validity(
      input,
      "AccessTokenValidity",
      defaultFor(units.AccessToken, 3600),
      units.AccessToken,
      300,
      86400,
    ),
    IdTokenValidity: validity(
      input,
      "IdTokenValidity",
      defaultFor(units.IdToken, 3600),
      units.IdToken,
      300,
      86400,
    ),
    TokenValidityUnits: units,
    ExplicitAuthFlows: flows,
    SupportedIdentityProviders:
      optionalStringList(input, "SupportedIdentityProviders") ?? (userPoolOAuth ? ["COGNITO"] : []),
    AllowedOAuthFlowsUserPoolClient: userPoolOAuth,
    PreventUserExistenceErrors: prevent,
    EnableTokenRevocation: optionalBoolean(input, "EnableTokenRevocation") ?? true,
    EnablePropagateAdditionalUserContextData:
      optionalBoolean(input, "EnablePropagateAdditionalUserContextData") ?? false,
    AuthSessionValidity: authSessionValidity,
  };
  const rotation = optionalObject(input, "RefreshTokenRotation");
  if (rotation !== undefined) {
    const feature = rotation["Feature"] ?? "DISABLED";
    const grace = rotation["RetryGracePeriodSeconds"] ?? 0;
    if (feature !== "ENABLED" && feature !== "DISABLED")
      fail("InvalidParameterException", "RefreshTokenRotation.Feature must be ENABLED or DISABLED.");
    if (typeof grace !== "number" || !Number.isInteger(grace) || grace < 0 || grace > 60)
      fail("InvalidParameterException", "RefreshTokenRotation.RetryGracePeriodSeconds must be 0..60.");
    settings.RefreshTokenRotation = { Feature: feature, RetryGracePeriodSeconds: grace };
  }
  const read = optionalStringList(input, "ReadAttributes");
  const write = optionalStringList(input, "WriteAttributes");
  if (read) settings.ReadAttributes = read;
  if (write) settings.WriteAttributes = write;
  if (callbacks.length) settings.CallbackURLs = callbacks;
  if (logouts.length) settings.LogoutURLs = logouts;
  if (defaultRedirect) settings.DefaultRedirectURI = defaultRedirect;
  if (oauthFlows.length) settings.AllowedOAuthFlows = oauthFlows;
  if (scopes.length) settings.AllowedOAuthScopes = scopes;
  return settings;
}

/** CreateUserPoolClient. `ClientId` and `ClientSecret` are Tollgate extensions for seeding fixed ids. */
export async function createClient(ctx: PoolContext, pool: PoolRecord, input: Input): Promise<ClientRecord> {
  const name = requiredString(input, "ClientName");
  const fixedSecret = optionalString(input, "ClientSecret");
  const hasSecret = (optionalBoolean(input, "GenerateSecret") ?? false) || fixedSecret !== undefined;
  const id = optionalString(input, "ClientId") ?? newClientId();
  if (!/^[\w+]{1,128}$/.test(id)) fail("InvalidParameterException", `Invalid client id ${id}`);
  if (await ctx.stores.clients.get(id)) fail("InvalidParameterException", `Client ${id} already exists.`);
  const now = ctx.now();
  const client: ClientRecord = {
    id,
    poolId: pool.id,
    name,
    secret: hasSecret ? (fixedSecret ?? newClientSecret()) : null,
    settings: await settingsFrom(ctx, pool, input, hasSecret),
    createdAt: now,
    updatedAt: now,
  };
  await ctx.stores.clients.insert(client);
  return client;
}

export async function updateClient(
  ctx: PoolContext,
  pool: PoolRecord,
  client: ClientRecord,
  input: Input,
): Promise<ClientRecord> {
  const updated: ClientRecord = {
    ...client,
    name: optionalString(input, "ClientName") ?? client.name,
    settings: await settingsFrom(ctx, pool, input, client.secret !== null),
    updatedAt: ctx.now(),
  };
  await ctx.stores.clients.update(updated);
  return updated;
}

/** A client of the given pool, or ResourceNotFoundException as Cognito answers. */
export async function requireClient(
  ctx: PoolContext,
  poolId: string,
  clientId: string,
): Promise<ClientRecord> {
  const client = await ctx.stores.clients.get(clientId);
  if (client === undefined || client.poolId !== poolId)
    fail("ResourceNotFoundException", `User pool client ${clientId} does not exist.`);
  return client;
}

/** Whether the client allows a native auth flow, accepting the legacy names Cognito still honours. */
export function allowsAuthFlow(
  client: ClientRecord,
  flow:
    | "USER_PASSWORD_AUTH"
    | "ADMIN_USER_PASSWORD_AUTH"
    | "REFRESH_TOKEN_AUTH"
    | "USER_SRP_AUTH"
    | "USER_AUTH",
): boolean {
  const flows = client.settings.ExplicitAuthFlows;
  switch (flow) {
    case "USER_SRP_AUTH":
      // Legacy lists (no ALLOW_* entries) always allowed SRP.
      return flows.includes("ALLOW_USER_SRP_AUTH") || !flows.some((f) => f.startsWith("ALLOW_"));
    case "USER_AUTH":
      return flows.includes("ALLOW_USER_AUTH");
    case "USER_PASSWORD_AUTH":
      return flows.includes("ALLOW_USER_PASSWORD_AUTH") || flows.includes("USER_PASSWORD_AUTH");
    case "ADMIN_USER_PASSWORD_AUTH":
      return flows.includes("ALLOW_ADMIN_USER_PASSWORD_AUTH") || flows.includes("ADMIN_NO_SRP_AUTH");
    case "REFRESH_TOKEN_AUTH":
      // Before ALLOW_* existed, refresh was always permitted; legacy-only lists keep that.
      return flows.includes("ALLOW_REFRESH_TOKEN_AUTH") || !flows.some((f) => f.startsWith("ALLOW_"));
  }
}
