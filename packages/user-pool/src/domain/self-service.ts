import { maskDestination } from "./attributes.ts";
import type { PoolContext } from "./context.ts";
import { fail } from "./errors.ts";
import { constantTimeEqual, hashToken, newConfirmationCode } from "./ids.ts";
import type { ClientRecord, PoolRecord, UserRecord } from "./model.ts";
import { verifyPassword } from "./password-hash.ts";
import { INCORRECT, throttleKeyOf } from "./sign-in.ts";
import { hidesUserExistence, simulatedCodeDelivery } from "./user-existence.ts";
import { codeDeliveryDetails, endSessionsForPasswordReset, findUser, setPermanentPassword } from "./users.ts";

const RESET_CODE_TTL_MS = 3600_000;
const MAX_CODE_FAILURES = 5;
const RESET = "reset_password";

type CodeDelivery = { Destination: string; DeliveryMedium: string; AttributeName: string };

function hasVerifiedChannel(user: UserRecord): boolean {
  return (
    (Boolean(user.attributes["email"]) && user.attributes["email_verified"] === "true") ||
    (Boolean(user.attributes["phone_number"]) && user.attributes["phone_number_verified"] === "true")
  );
}

/**
 * Issues a one-time code. There is no mail server: it goes to the log, the documented way to read
 * codes in local mode (`user-pool <pool>: <what> for <username> is <code>`).
 */
export async function issueUserCode(
  ctx: PoolContext,
  user: UserRecord,
  purpose: string,
  what: string,
  ttlMs: number,
): Promise<string> {
  const code = newConfirmationCode();
  await ctx.stores.userCodes.put({
    poolId: user.poolId,
    userSub: user.sub,
    purpose,
    codeHash: hashToken(code),
    expiresAt: ctx.now() + ttlMs,
    failures: 0,
  });
  ctx.log.info(`user-pool ${user.poolId}: ${what} for ${user.username} is ${code}`);
  return code;
}

/** Checks and consumes a code: wrong → CodeMismatch (5 tries), none/expired → ExpiredCode. */
export async function consumeUserCode(ctx: PoolContext, user: UserRecord, purpose: string, code: string) {
  const stored = await ctx.stores.userCodes.get(user.poolId, user.sub, purpose);
  if (stored === undefined || stored.expiresAt < ctx.now())
    fail("ExpiredCodeException", "Invalid code provided, please request a code again.");
  if (stored.failures >= MAX_CODE_FAILURES)
    fail("TooManyFailedAttemptsException", "Too many failed attempts. Request a new code.");
  if (!constantTimeEqual(hashToken(code.trim()), stored.codeHash)) {
    await ctx.stores.userCodes.recordFailure(user.poolId, user.sub, purpose);
    fail("CodeMismatchException", "Invalid verification code provided, please try again.");
  }
  await ctx.stores.userCodes.delete(user.poolId, user.sub, purpose);
}

/**
 * ForgotPassword: a reset code to the user's verified email or phone. With an ENABLED client, strangers,
 * disabled users and users without a verified channel get a plausible delivery and no code.
 */
export async function forgotPassword(
  ctx: PoolContext,
  pool: PoolRecord,
  client: ClientRecord,
  username: string,
): Promise<CodeDelivery> {
  const user = await findUser(ctx, pool, username);
  const hide = hidesUserExistence(client);
  if (user === undefined) {
    if (hide) return simulatedCodeDelivery(pool, username);
    fail("UserNotFoundException", "Username/client id combination not found.");
  }
  if (!user.enabled) {
    if (hide) return simulatedCodeDelivery(pool, username);
    fail("NotAuthorizedException", "User is disabled.");
  }
  if (!hasVerifiedChannel(user)) {
    if (hide) return simulatedCodeDelivery(pool, username);
    fail(
      "InvalidParameterException",
      "Cannot reset password for the user as there is no registered/verified email or phone_number",
    );
  }
  await issueUserCode(ctx, user, RESET, "password reset code", RESET_CODE_TTL_MS);
  return codeDeliveryDetails(user);
}

/** ConfirmForgotPassword: code + new password → CONFIRMED; apps hear `user.password_reset`. */
export async function confirmForgotPassword(
  ctx: PoolContext,
  pool: PoolRecord,
  client: ClientRecord,
  input: { username: string; code: string; password: string },
): Promise<UserRecord> {
  const user = await findUser(ctx, pool, input.username);
  if (user === undefined || (!user.enabled && hidesUserExistence(client))) {
    if (hidesUserExistence(client))
      fail("CodeMismatchException", "Invalid verification code provided, please try again.");
    fail("UserNotFoundException", "Username/client id combination not found.");
  }
  if (!user.enabled) fail("NotAuthorizedException", "User is disabled.");
  await consumeUserCode(ctx, user, RESET, input.code);
  await setPermanentPassword(ctx, pool, user, input.password);
  await endSessionsForPasswordReset(ctx, user);
  return user;
}

/** ChangePassword: the previous password (scrypt-checked, counted by the lockout) and a new one. */
export async function changePassword(
  ctx: PoolContext,
  pool: PoolRecord,
  user: UserRecord,
  previous: string | undefined,
  proposed: string,
): Promise<void> {
  if (user.passwordHash !== null) {
    const key = throttleKeyOf(pool, user, user.username);
    if (ctx.throttle.isLocked(key, ctx.now()))
      fail("LimitExceededException", "Attempt limit exceeded, please try after some time.");
    if (previous === undefined || !(await verifyPassword(previous, user.passwordHash))) {
      ctx.throttle.recordFailure(key, ctx.now());
      fail("NotAuthorizedException", INCORRECT);
    }
    ctx.throttle.recordSuccess(key);
  }
  await setPermanentPassword(ctx, pool, user, proposed);
}

const VERIFIABLE = new Set(["email", "phone_number"]);
const VERIFY_CODE_TTL_MS = 24 * 3600_000;

/** GetUserAttributeVerificationCode: a code to the address being verified (logged in local mode). */
export async function sendAttributeVerificationCode(
  ctx: PoolContext,
  user: UserRecord,
  attribute: string,
): Promise<CodeDelivery> {
  const value = user.attributes[attribute];
  if (!VERIFIABLE.has(attribute) || !value)
    fail(
      "InvalidParameterException",
      `Attribute ${attribute} cannot be verified: it is not email or phone_number, or has no value.`,
    );
  await issueUserCode(ctx, user, `verify:${attribute}`, `${attribute} verification code`, VERIFY_CODE_TTL_MS);
  return attribute === "email"
    ? { Destination: maskDestination(value), DeliveryMedium: "EMAIL", AttributeName: "email" }
    : { Destination: maskDestination(value), DeliveryMedium: "SMS", AttributeName: "phone_number" };
}

/** VerifyUserAttribute: the right code marks `<attribute>_verified = "true"`. */
export async function verifyAttribute(
  ctx: PoolContext,
  user: UserRecord,
  attribute: string,
  code: string,
): Promise<void> {
  if (!VERIFIABLE.has(attribute) || !user.attributes[attribute])
    fail("InvalidParameterException", `Attribute ${attribute} cannot be verified.`);
  await consumeUserCode(ctx, user, `verify:${attribute}`, code);
  user.attributes[`${attribute}_verified`] = "true";
  user.updatedAt = ctx.now();
  await ctx.stores.users.save(user);
}
