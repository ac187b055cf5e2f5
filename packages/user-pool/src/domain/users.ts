import { runPostConfirmation, runPreSignUp } from "../triggers/events.ts";
import {
  attributeListToRecord,
  maskDestination,
  validateAttributeWrite,
  validateRequiredAttributes,
} from "./attributes.ts";
import type { PoolContext } from "./context.ts";
import { fail } from "./errors.ts";
import { constantTimeEqual, hashToken, newConfirmationCode, newTemporaryPassword, newUuid } from "./ids.ts";
import type { ClientRecord, PoolRecord, UserRecord } from "./model.ts";
import { newUserRecord } from "./new-user.ts";
import { hashPassword } from "./password-hash.ts";
import { checkPasswordPolicy } from "./password-policy.ts";
import { autoConfirmsSignUp, usesEmailAsUsername } from "./pools.ts";
import { createVerifier, poolNameOf } from "./srp/math.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CONFIRMATION_CODE_TTL_MS = 24 * 3600_000;
const MAX_CONFIRMATION_FAILURES = 5;

/** The key usernames are unique and looked up by: case-folded when the pool is case-insensitive. */
export function usernameKey(pool: PoolRecord, username: string): string {
  return pool.settings.UsernameConfiguration.CaseSensitive ? username : username.toLowerCase();
}

/**
 * Finds a user by what Admin APIs accept as `Username`: the username, the `sub`, or a sign-in alias
 * (email/phone when they are username attributes or verified aliases).
 */
export async function findUser(
  ctx: PoolContext,
  pool: PoolRecord,
  name: string,
): Promise<UserRecord | undefined> {
  const byName = await ctx.stores.users.byUsernameKey(pool.id, usernameKey(pool, name));
  if (byName) return byName;
  if (UUID.test(name)) {
    const bySub = await ctx.stores.users.bySub(pool.id, name.toLowerCase());
    if (bySub) return bySub;
  }
  for (const attr of pool.settings.UsernameAttributes ?? []) {
    const [match] = await ctx.stores.users.byAttribute(
      pool.id,
      attr,
      attr === "email" ? name.toLowerCase() : name,
    );
    if (match) return match;
  }
  for (const attr of pool.settings.AliasAttributes ?? []) {
    const matches = await ctx.stores.users.byAttribute(pool.id, attr, name);
    const verified = matches.find(
      (u) => attr === "preferred_username" || u.attributes[`${attr}_verified`] === "true",
    );
    if (verified) return verified;
  }
  return undefined;
}

export async function requireUser(ctx: PoolContext, pool: PoolRecord, name: string): Promise<UserRecord> {
  const user = await findUser(ctx, pool, name);
  if (user === undefined) fail("UserNotFoundException", "User does not exist.");
  return user;
}

/**
 * Sets everything derived from a password while the plaintext is in hand: the scrypt hash (password
 * sign-in) and the SRP salt and verifier (USER_SRP_AUTH). The username must be final: it enters x.
 */
export async function setPasswordCredentials(
  ctx: PoolContext,
  pool: PoolRecord,
  user: UserRecord,
  password: string,
): Promise<void> {
  user.passwordHash = await hashPassword(password, ctx.scryptLog2N);
  const { salt, verifier } = createVerifier(poolNameOf(pool.id), user.username, password);
  user.srpSalt = salt;
  user.srpVerifier = verifier;
}

function checkPassword(pool: PoolRecord, password: string): void {
  const problem = checkPasswordPolicy(password, pool.settings.Policies.PasswordPolicy);
  if (problem) fail("InvalidPasswordException", problem);
}

/**
 * Works out the stored username and attributes for a new user. In pools whose users sign in with
 * their email the Username member carries the email, and the stored username is a UUID (equal to sub).
 */
async function identityFor(
  ctx: PoolContext,
  pool: PoolRecord,
  requested: string,
  attributes: Record<string, string>,
  sub: string,
): Promise<{ username: string; attributes: Record<string, string> }> {
  if (requested.length > 128 || (/\s/.test(requested) && !usesEmailAsUsername(pool)))
    fail("InvalidParameterException", "Username should be at most 128 characters without whitespace.");
  if (usesEmailAsUsername(pool)) {
    const email = requested.toLowerCase();
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) fail("InvalidParameterException", "Username should be an email.");
    if ((await ctx.stores.users.byAttribute(pool.id, "email", email)).length > 0)
      fail("UsernameExistsException", "An account with the given email already exists.");
    return { username: sub, attributes: { ...attributes, email } };
  }
  if (await ctx.stores.users.byUsernameKey(pool.id, usernameKey(pool, requested)))
    fail("UsernameExistsException", "User account already exists");
  return { username: requested, attributes };
}

/** Issues a confirmation code; there is no mail server, so it goes to the log (and, locally, the page). */
async function issueConfirmationCode(ctx: PoolContext, pool: PoolRecord, user: UserRecord): Promise<string> {
  const code = newConfirmationCode();
  user.confirmationCodeHash = hashToken(code);
  user.confirmationCodeExpiresAt = ctx.now() + CONFIRMATION_CODE_TTL_MS;
  user.confirmationFailures = 0;
  ctx.log.info(`user-pool ${pool.id}: confirmation code for ${user.username} is ${code}`);
  return code;
}

export function codeDeliveryDetails(user: UserRecord): {
  Destination: string;
  DeliveryMedium: string;
  AttributeName: string;
} {
  const email = user.attributes["email"];
  if (email) return { Destination: maskDestination(email), DeliveryMedium: "EMAIL", AttributeName: "email" };
  const phone = user.attributes["phone_number"] ?? "";
  return { Destination: maskDestination(phone), DeliveryMedium: "SMS", AttributeName: "phone_number" };
}

/** AdminCreateUser: FORCE_CHANGE_PASSWORD with a temporary password; PostConfirmation never fires. */
export async function adminCreateUser(
  ctx: PoolContext,
  pool: PoolRecord,
  input: {
    username: string;
    attributes: unknown;
    validationData?: unknown;
    temporaryPassword?: string | undefined;
    messageAction?: string | undefined;
    clientMetadata?: Record<string, string> | undefined;
  },
): Promise<{ user: UserRecord; temporaryPassword: string }> {
  const policy = pool.settings.Policies.PasswordPolicy;
  if (input.messageAction === "RESEND") {
    const user = await requireUser(ctx, pool, input.username);
    if (user.status !== "FORCE_CHANGE_PASSWORD")
      fail(
        "UnsupportedUserStateException",
        "Resend not possible. User is not in FORCE_CHANGE_PASSWORD state.",
      );
    const temporaryPassword = input.temporaryPassword ?? newTemporaryPassword(policy.MinimumLength);
    await setTemporaryPassword(ctx, pool, user, temporaryPassword);
    return { user, temporaryPassword };
  }
  if (input.messageAction !== undefined && input.messageAction !== "SUPPRESS")
    fail("InvalidParameterException", "MessageAction must be RESEND or SUPPRESS.");
  const attributes = attributeListToRecord(input.attributes);
  validateAttributeWrite(pool.settings, attributes);
  const sub = newUuid();
  const identity = await identityFor(ctx, pool, input.username, attributes, sub);
  const temporaryPassword = input.temporaryPassword ?? newTemporaryPassword(policy.MinimumLength);
  checkPassword(pool, temporaryPassword);
  await runPreSignUp(ctx, pool, {
    source: "PreSignUp_AdminCreateUser",
    userName: identity.username,
    clientId: undefined,
    userAttributes: { ...identity.attributes },
    validationData: attributeListToRecord(input.validationData, "ValidationData"),
    clientMetadata: input.clientMetadata,
  });
  const now = ctx.now();
  const user = newUserRecord(
    {
      poolId: pool.id,
      sub,
      username: identity.username,
      attributes: identity.attributes,
      status: "FORCE_CHANGE_PASSWORD",
    },
    now,
  );
  await setPasswordCredentials(ctx, pool, user, temporaryPassword);
  user.temporaryPasswordExpiresAt = now + policy.TemporaryPasswordValidityDays * 86400_000;
  await ctx.stores.users.insert(user, usernameKey(pool, user.username));
  if (input.temporaryPassword === undefined && input.messageAction !== "SUPPRESS")
    ctx.log.info(`user-pool ${pool.id}: temporary password for ${user.username} is ${temporaryPassword}`);
  return { user, temporaryPassword };
}

async function setTemporaryPassword(
  ctx: PoolContext,
  pool: PoolRecord,
  user: UserRecord,
  password: string,
): Promise<void> {
  checkPassword(pool, password);
  await setPasswordCredentials(ctx, pool, user, password);
  user.status = "FORCE_CHANGE_PASSWORD";
  user.temporaryPasswordExpiresAt =
    ctx.now() + pool.settings.Policies.PasswordPolicy.TemporaryPasswordValidityDays * 86400_000;
  user.updatedAt = ctx.now();
  await ctx.stores.users.save(user);
}

/** The outcome of SignUp, with the code itself for the hosted UI's local mode. */
export interface SignUpResult {
  user: UserRecord;
  confirmed: boolean;
  code: string | undefined;
}

/** SignUp: an UNCONFIRMED user with a code, unless the pool or PreSignUp auto-confirms. */
export async function signUp(
  ctx: PoolContext,
  pool: PoolRecord,
  client: ClientRecord,
  input: {
    username: string;
    password: string;
    attributes: unknown;
    validationData?: unknown;
    clientMetadata?: Record<string, string> | undefined;
  },
): Promise<SignUpResult> {
  if (pool.settings.AdminCreateUserConfig.AllowAdminCreateUserOnly)
    fail("NotAuthorizedException", "SignUp is not permitted for this user pool");
  const attributes = attributeListToRecord(input.attributes);
  validateAttributeWrite(pool.settings, attributes);
  for (const name of ["email_verified", "phone_number_verified"])
    if (name in attributes)
      fail("InvalidParameterException", `Cannot modify the non-mutable attribute ${name} during sign-up`);
  checkPassword(pool, input.password);
  const sub = newUuid();
  const identity = await identityFor(ctx, pool, input.username, attributes, sub);
  validateRequiredAttributes(pool.settings, identity.attributes);
  const decision = await runPreSignUp(ctx, pool, {
    source: "PreSignUp_SignUp",
    userName: identity.username,
    clientId: client.id,
    userAttributes: { ...identity.attributes },
    validationData: attributeListToRecord(input.validationData, "ValidationData"),
    clientMetadata: input.clientMetadata,
  });
  const now = ctx.now();
  const confirmed = decision.autoConfirmUser || autoConfirmsSignUp(pool);
  const user = newUserRecord(
    {
      poolId: pool.id,
      sub,
      username: identity.username,
      attributes: { ...identity.attributes },
      status: confirmed ? "CONFIRMED" : "UNCONFIRMED",
    },
    now,
  );
  await setPasswordCredentials(ctx, pool, user, input.password);
  if (decision.autoVerifyEmail && user.attributes["email"]) user.attributes["email_verified"] = "true";
  if (decision.autoVerifyPhone && user.attributes["phone_number"])
    user.attributes["phone_number_verified"] = "true";
  const code = confirmed ? undefined : await issueConfirmationCode(ctx, pool, user);
  await ctx.stores.users.insert(user, usernameKey(pool, user.username));
  // [uncertain] Users report PostConfirmation firing after a PreSignUp auto-confirm; we fire it then too.
  if (confirmed)
    await runPostConfirmation(ctx, pool, { user, clientId: client.id, clientMetadata: input.clientMetadata });
  return { user, confirmed, code };
}

function markVerifiedOnConfirm(pool: PoolRecord, user: UserRecord): void {
  // Confirming with a code proves the address the code went to; Cognito marks it verified when auto-verify is on.
  const auto = pool.settings.AutoVerifiedAttributes ?? [];
  if (auto.includes("email") && user.attributes["email"]) user.attributes["email_verified"] = "true";
  else if (auto.includes("phone_number") && user.attributes["phone_number"])
    user.attributes["phone_number_verified"] = "true";
}

/** ConfirmSignUp: checks the code (single use, 24 h, five attempts) and fires PostConfirmation. */
export async function confirmSignUp(
  ctx: PoolContext,
  pool: PoolRecord,
  client: ClientRecord,
  username: string,
  code: string,
  clientMetadata?: Record<string, string>,
): Promise<UserRecord> {
  const user = await requireUser(ctx, pool, username);
  if (user.status !== "UNCONFIRMED")
    fail("NotAuthorizedException", `User cannot be confirmed. Current status is ${user.status}`);
  if (user.confirmationFailures >= MAX_CONFIRMATION_FAILURES)
    fail("TooManyFailedAttemptsException", "Too many failed attempts. Request a new code.");
  if (
    user.confirmationCodeHash === null ||
    user.confirmationCodeExpiresAt === null ||
    user.confirmationCodeExpiresAt < ctx.now()
  )
    fail("ExpiredCodeException", "Invalid code provided, please request a code again.");
  if (!constantTimeEqual(hashToken(code.trim()), user.confirmationCodeHash)) {
    user.confirmationFailures += 1;
    await ctx.stores.users.save(user);
    fail("CodeMismatchException", "Invalid verification code provided, please try again.");
  }
  await confirm(ctx, pool, user);
  await runPostConfirmation(ctx, pool, { user, clientId: client.id, clientMetadata });
  return user;
}

/** AdminConfirmSignUp: confirms without a code; PostConfirmation fires as for ConfirmSignUp. */
export async function adminConfirmSignUp(
  ctx: PoolContext,
  pool: PoolRecord,
  user: UserRecord,
  clientMetadata?: Record<string, string>,
): Promise<void> {
  if (user.status !== "UNCONFIRMED")
    fail("NotAuthorizedException", `User cannot be confirmed. Current status is ${user.status}`);
  await confirm(ctx, pool, user);
  await runPostConfirmation(ctx, pool, { user, clientId: undefined, clientMetadata });
}

async function confirm(ctx: PoolContext, pool: PoolRecord, user: UserRecord): Promise<void> {
  user.status = "CONFIRMED";
  user.confirmationCodeHash = null;
  user.confirmationCodeExpiresAt = null;
  user.confirmationFailures = 0;
  markVerifiedOnConfirm(pool, user);
  user.updatedAt = ctx.now();
  await ctx.stores.users.save(user);
}

/** ResendConfirmationCode: a fresh code for an UNCONFIRMED user. */
export async function resendConfirmationCode(
  ctx: PoolContext,
  pool: PoolRecord,
  username: string,
): Promise<{ user: UserRecord; code: string }> {
  const user = await requireUser(ctx, pool, username);
  if (user.status !== "UNCONFIRMED") fail("InvalidParameterException", "User is already confirmed.");
  const code = await issueConfirmationCode(ctx, pool, user);
  await ctx.stores.users.save(user);
  return { user, code };
}

/** AdminUpdateUserAttributes / UpdateUserAttributes. Changing email un-verifies it unless set in the same call. */
export async function updateAttributes(
  ctx: PoolContext,
  pool: PoolRecord,
  user: UserRecord,
  list: unknown,
): Promise<void> {
  const changes = attributeListToRecord(list);
  validateAttributeWrite(pool.settings, changes);
  if (usesEmailAsUsername(pool) && changes["email"] !== undefined) {
    changes["email"] = changes["email"].toLowerCase();
    const others = await ctx.stores.users.byAttribute(pool.id, "email", changes["email"]);
    if (others.some((u) => u.sub !== user.sub))
      fail("AliasExistsException", "An account with the given email already exists.");
  }
  for (const [attr, flag] of [
    ["email", "email_verified"],
    ["phone_number", "phone_number_verified"],
  ] as const) {
    if (changes[attr] !== undefined && changes[attr] !== user.attributes[attr] && changes[flag] === undefined)
      changes[flag] = "false";
  }
  for (const [name, value] of Object.entries(changes)) {
    if (value === "") delete user.attributes[name];
    else user.attributes[name] = value;
  }
  user.updatedAt = ctx.now();
  await ctx.stores.users.save(user);
}

/** AdminDeleteUserAttributes. */
export async function deleteAttributes(
  ctx: PoolContext,
  pool: PoolRecord,
  user: UserRecord,
  names: string[],
): Promise<void> {
  for (const name of names) {
    validateAttributeWrite(pool.settings, { [name]: "" });
    if (pool.settings.SchemaAttributes.some((a) => a.Name === name && a.Required))
      fail("InvalidParameterException", `Cannot delete required attribute ${name}`);
    delete user.attributes[name];
  }
  user.updatedAt = ctx.now();
  await ctx.stores.users.save(user);
}

/** AdminSetUserPassword: permanent → CONFIRMED; otherwise a new temporary password. */
export async function adminSetPassword(
  ctx: PoolContext,
  pool: PoolRecord,
  user: UserRecord,
  password: string,
  permanent: boolean,
): Promise<void> {
  if (!permanent) await setTemporaryPassword(ctx, pool, user, password);
  else await setPermanentPassword(ctx, pool, user, password);
  await endSessionsForPasswordReset(ctx, user);
}

/**
 * AdminResetUserPassword: the password stops working; the user must reset it (ForgotPassword) or get a
 * new one from an admin. Apps hear `user.password_reset` and end the user's sessions.
 */
export async function adminResetPassword(ctx: PoolContext, user: UserRecord): Promise<void> {
  if (!user.enabled) fail("NotAuthorizedException", "User is disabled.");
  user.status = "RESET_REQUIRED";
  user.updatedAt = ctx.now();
  await ctx.stores.users.save(user);
  await endSessionsForPasswordReset(ctx, user);
}

/**
 * A password set or reset ends the user's sessions, as a global sign-out does, and apps hear
 * `user.password_reset`. [uncertain] AWS leaves tokens valid after an admin sets a password; Tollgate
 * ends them so that the pool's `GetUser` agrees with the event it announces: tokens from before the
 * reset are refused, a sign-in after it is not — to the millisecond, which `iat` alone cannot tell.
 */
export async function endSessionsForPasswordReset(ctx: PoolContext, user: UserRecord): Promise<void> {
  await ctx.stores.refreshSessions.revokeAllForUser(user.poolId, user.sub, ctx.now());
  await ctx.events.announce("user.password_reset", user);
}

/** Sets a password the user chose (or an admin made permanent) and confirms the account. */
export async function setPermanentPassword(
  ctx: PoolContext,
  pool: PoolRecord,
  user: UserRecord,
  password: string,
): Promise<void> {
  checkPassword(pool, password);
  await setPasswordCredentials(ctx, pool, user, password);
  user.status = "CONFIRMED";
  user.temporaryPasswordExpiresAt = null;
  user.updatedAt = ctx.now();
  await ctx.stores.users.save(user);
}

/**
 * AdminDisableUser / AdminEnableUser. Disabling also revokes every session: Cognito revokes the user's
 * access tokens, and refresh tokens minted before the disable should not come back to life on enable.
 */
export async function setEnabled(ctx: PoolContext, user: UserRecord, enabled: boolean): Promise<void> {
  user.enabled = enabled;
  user.updatedAt = ctx.now();
  await ctx.stores.users.save(user);
  if (!enabled) await ctx.stores.refreshSessions.revokeAllForUser(user.poolId, user.sub, ctx.now());
  await ctx.events.announce(enabled ? "user.enabled" : "user.disabled", user);
}

/** AdminDeleteUser: sessions are revoked first so outstanding tokens stop working at once. */
export async function deleteUser(ctx: PoolContext, user: UserRecord): Promise<void> {
  await ctx.stores.refreshSessions.revokeAllForUser(user.poolId, user.sub, ctx.now());
  await ctx.stores.users.delete(user.poolId, user.sub);
  await ctx.events.announce("user.deleted", user);
}

/** GlobalSignOut / AdminUserGlobalSignOut: every refresh token, and so every access token, of the user. */
export async function globalSignOut(ctx: PoolContext, user: UserRecord): Promise<void> {
  await ctx.stores.refreshSessions.revokeAllForUser(user.poolId, user.sub, ctx.now());
  await ctx.events.announce("user.signed_out", user);
}
