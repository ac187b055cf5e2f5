import { Secret, TOTP } from "otpauth";
import { openChallengeSession } from "./challenge-sessions.ts";
import type { PoolContext } from "./context.ts";
import { fail } from "./errors.ts";
import { hashToken } from "./ids.ts";
import { type Input, optionalObject, optionalString } from "./input.ts";
import type { ClientRecord, PoolRecord, UserMfa, UserRecord } from "./model.ts";

/** RFC 6238 as Cognito and the authenticator apps use it: SHA-1, 6 digits, 30 s; ±1 step accepted. */
function totpValid(secret: string, code: string, now: number): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  const totp = new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 });
  return totp.validate({ token: code, timestamp: now, window: 1 }) !== null;
}

export function totpEnabledForPool(pool: PoolRecord): boolean {
  return pool.settings.SoftwareTokenMfaConfiguration?.Enabled === true;
}

/** SetUserPoolMfaConfig: only TOTP is offered (no SMS or e-mail delivery here). */
export function setPoolMfaConfig(pool: PoolRecord, input: Input): void {
  const mode = optionalString(input, "MfaConfiguration") ?? pool.settings.MfaConfiguration ?? "OFF";
  if (!["OFF", "ON", "OPTIONAL"].includes(mode))
    fail("InvalidParameterException", "MfaConfiguration must be OFF, ON or OPTIONAL.");
  for (const unsupported of ["SmsMfaConfiguration", "EmailMfaConfiguration"])
    if (input[unsupported] !== undefined)
      fail("InvalidParameterException", `${unsupported} is not supported: the pool sends no SMS or e-mail.`);
  const software = optionalObject(input, "SoftwareTokenMfaConfiguration");
  if (software !== undefined)
    pool.settings.SoftwareTokenMfaConfiguration = { Enabled: software["Enabled"] === true };
  if (mode !== "OFF" && !totpEnabledForPool(pool))
    fail("InvalidParameterException", "Enable SoftwareTokenMfaConfiguration to turn MFA on.");
  pool.settings.MfaConfiguration = mode;
}

export function poolMfaConfig(pool: PoolRecord): Record<string, unknown> {
  return {
    MfaConfiguration: pool.settings.MfaConfiguration ?? "OFF",
    SoftwareTokenMfaConfiguration: { Enabled: totpEnabledForPool(pool) },
  };
}

/** `UserMFASettingList` / `PreferredMfaSetting`, each omitted when empty, as GetUser answers. */
export function userMfaSettings(user: UserRecord): Record<string, unknown> {
  if (!user.mfa?.enabled) return {};
  return {
    UserMFASettingList: ["SOFTWARE_TOKEN_MFA"],
    ...(user.mfa.preferred ? { PreferredMfaSetting: "SOFTWARE_TOKEN_MFA" } : {}),
  };
}

/** AssociateSoftwareToken: a fresh secret (base32, 32 bytes) replaces any pending one. */
export async function associateSoftwareToken(
  ctx: PoolContext,
  pool: PoolRecord,
  user: UserRecord,
): Promise<string> {
  if (!totpEnabledForPool(pool))
    fail("SoftwareTokenMFANotFoundException", "Software Token MFA has not been enabled by the userPool.");
  const secret = new Secret({ size: 32 }).base32;
  user.mfa = { ...(user.mfa ?? { enabled: false, preferred: false }), pendingSecret: secret };
  user.updatedAt = ctx.now();
  await ctx.stores.users.save(user);
  return secret;
}

/** VerifySoftwareToken: the first code from the app proves the secret was stored there. */
export async function verifySoftwareToken(
  ctx: PoolContext,
  user: UserRecord,
  code: string,
  enable: boolean,
): Promise<void> {
  const pending = user.mfa?.pendingSecret;
  if (pending === undefined || !totpValid(pending, code.trim(), ctx.now()))
    fail("EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA.");
  user.mfa = {
    secret: pending,
    enabled: enable || (user.mfa?.enabled ?? false),
    preferred: enable || (user.mfa?.preferred ?? false),
  };
  user.updatedAt = ctx.now();
  await ctx.stores.users.save(user);
}

/** SetUserMFAPreference / AdminSetUserMFAPreference (TOTP only). */
export async function setMfaPreference(ctx: PoolContext, user: UserRecord, input: Input): Promise<void> {
  for (const unsupported of ["SMSMfaSettings", "EmailMfaSettings", "WebAuthnMfaSettings"]) {
    const settings = optionalObject(input, unsupported);
    if (settings?.["Enabled"] === true || settings?.["PreferredMfa"] === true)
      fail("InvalidParameterException", `${unsupported} is not supported: the pool sends no SMS or e-mail.`);
  }
  const software = optionalObject(input, "SoftwareTokenMfaSettings");
  if (software === undefined) return;
  const current: UserMfa = user.mfa ?? { enabled: false, preferred: false };
  const enabled = software["Enabled"] === undefined ? current.enabled : software["Enabled"] === true;
  const preferred =
    enabled &&
    (software["PreferredMfa"] === undefined ? current.preferred : software["PreferredMfa"] === true);
  if (enabled && current.secret === undefined)
    fail("InvalidParameterException", "User has not verified software token mfa");
  user.mfa = { ...current, enabled, preferred };
  user.updatedAt = ctx.now();
  await ctx.stores.users.save(user);
}

/** What a proven password leads to under the pool's MFA setting. */
export type MfaStep = "none" | "SOFTWARE_TOKEN_MFA" | "MFA_SETUP";

export function mfaStepFor(pool: PoolRecord, user: UserRecord): MfaStep {
  const mode = pool.settings.MfaConfiguration ?? "OFF";
  if (mode === "OFF" || !totpEnabledForPool(pool)) return "none";
  if (user.mfa?.enabled && user.mfa.secret !== undefined) return "SOFTWARE_TOKEN_MFA";
  return mode === "ON" ? "MFA_SETUP" : "none";
}

const EXPIRED = "Invalid session for the user, session is expired.";
const MAX_CODE_FAILURES = 3;

/** Opens a single-use MFA session (SOFTWARE_TOKEN_MFA, MFA_SETUP and the setup's later steps). */
export async function openMfaSession(
  ctx: PoolContext,
  client: ClientRecord,
  user: UserRecord,
  challenge: string,
): Promise<string> {
  return openChallengeSession(ctx, client, {
    poolId: user.poolId,
    userSub: user.sub,
    challenge,
    data: JSON.stringify({ failures: 0 }),
  });
}

/**
 * Finds the live session and its user. `consume` ends it (one answer per session); without it, a wrong
 * TOTP code may be retried a few times before the session dies.
 */
export async function mfaSessionUser(
  ctx: PoolContext,
  session: string,
  challenges: string[],
  clientId?: string,
): Promise<{ user: UserRecord; idHash: string; clientId: string; failures: number }> {
  const stored = await ctx.stores.challengeSessions.get(hashToken(session));
  if (
    stored === undefined ||
    !challenges.includes(stored.challenge) ||
    (clientId && stored.clientId !== clientId)
  )
    fail("NotAuthorizedException", EXPIRED);
  if (stored.usedAt !== null || stored.expiresAt < ctx.now()) fail("NotAuthorizedException", EXPIRED);
  const user = await ctx.stores.users.bySub(stored.poolId, stored.userSub);
  if (user === undefined || !user.enabled) fail("NotAuthorizedException", EXPIRED);
  const failures = (JSON.parse(stored.data ?? "{}") as { failures?: number }).failures ?? 0;
  return { user, idHash: stored.idHash, clientId: stored.clientId, failures };
}

export async function consumeSession(ctx: PoolContext, idHash: string): Promise<void> {
  if (!(await ctx.stores.challengeSessions.consume(idHash, ctx.now())))
    fail("NotAuthorizedException", EXPIRED);
}

/** SOFTWARE_TOKEN_MFA: the code from the user's app; three wrong codes end the session. */
export async function answerSoftwareTokenMfa(
  ctx: PoolContext,
  client: ClientRecord,
  session: string,
  code: string,
): Promise<UserRecord> {
  const found = await mfaSessionUser(ctx, session, ["SOFTWARE_TOKEN_MFA"], client.id);
  const secret = found.user.mfa?.secret;
  if (secret === undefined || !totpValid(secret, code.trim(), ctx.now())) {
    const failures = found.failures + 1;
    if (failures >= MAX_CODE_FAILURES) await consumeSession(ctx, found.idHash);
    else await ctx.stores.challengeSessions.updateData(found.idHash, JSON.stringify({ failures }));
    fail("CodeMismatchException", "Invalid code received for user");
  }
  await consumeSession(ctx, found.idHash);
  return found.user;
}
