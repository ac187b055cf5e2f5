import { runPostAuthentication, type TokenGenerationSource } from "../triggers/events.ts";
import { validateAttributeWrite } from "./attributes.ts";
import { openChallengeSession } from "./challenge-sessions.ts";
import type { PoolContext } from "./context.ts";
import { fail } from "./errors.ts";
import { hashToken, newOpaqueToken } from "./ids.ts";
import type { ClientRecord, PoolRecord, UserRecord } from "./model.ts";
import { burnPasswordCheck, verifyPassword } from "./password-hash.ts";
import { checkPasswordPolicy } from "./password-policy.ts";
import { createVerifier, poolNameOf } from "./srp/math.ts";
import { type IssuedTokens, issueUserTokens } from "./token-issuer.ts";
import { findUser, setPermanentPassword } from "./users.ts";

/** Password sign-in either authenticates or asks for a new password (admin-created users). */
export type PasswordSignIn =
  | { kind: "authenticated"; user: UserRecord }
  | { kind: "new-password-required"; user: UserRecord };

export const INCORRECT = "Incorrect username or password.";

/**
 * Checks a username and password the way Cognito does, in an order that leaks as little as possible:
 * lockout first (no password check while locked), then the password (timing equalised for unknown
 * users), and only then the account's state (disabled, unconfirmed, reset required, temporary password).
 */
export async function signInWithPassword(
  ctx: PoolContext,
  pool: PoolRecord,
  client: ClientRecord,
  username: string,
  password: string,
): Promise<PasswordSignIn> {
  const user = await findUser(ctx, pool, username);
  const throttleKey = throttleKeyOf(pool, user, username);
  const now = ctx.now();
  if (ctx.throttle.isLocked(throttleKey, now)) fail("NotAuthorizedException", "Password attempts exceeded");
  if (user === undefined || user.passwordHash === null) {
    await burnPasswordCheck(password, ctx.scryptLog2N);
    ctx.throttle.recordFailure(throttleKey, now);
    // LEGACY clients reveal that the user does not exist; ENABLED ones answer like a wrong password.
    if (client.settings.PreventUserExistenceErrors === "ENABLED") fail("NotAuthorizedException", INCORRECT);
    fail("UserNotFoundException", "User does not exist.");
  }
  if (!(await verifyPassword(password, user.passwordHash))) {
    ctx.throttle.recordFailure(throttleKey, now);
    fail("NotAuthorizedException", INCORRECT);
  }
  ctx.throttle.recordSuccess(throttleKey);
  // Users whose password predates SRP get their verifier the first time the plaintext is in hand.
  if (user.srpVerifier === null) {
    const { salt, verifier } = createVerifier(poolNameOf(pool.id), user.username, password);
    user.srpSalt = salt;
    user.srpVerifier = verifier;
    await ctx.stores.users.save(user);
  }
  return accountOutcome(user, now);
}

/** The key the lockout counts failures under: the account when known, else the name tried. */
export function throttleKeyOf(pool: PoolRecord, user: UserRecord | undefined, username: string): string {
  return `${pool.id}\u0000${user?.sub ?? username.toLowerCase()}`;
}

/**
 * What a proven password leads to, given the account's state. Runs only after the proof, so the
 * state (disabled, unconfirmed, reset required) never leaks to someone without the password.
 */
export function accountOutcome(user: UserRecord, now: number): PasswordSignIn {
  if (!user.enabled) fail("NotAuthorizedException", "User is disabled.");
  if (user.status === "UNCONFIRMED") fail("UserNotConfirmedException", "User is not confirmed.");
  if (user.status === "RESET_REQUIRED")
    fail("PasswordResetRequiredException", "Password reset required for the user");
  if (user.status === "FORCE_CHANGE_PASSWORD") {
    if (user.temporaryPasswordExpiresAt !== null && user.temporaryPasswordExpiresAt < now)
      fail("NotAuthorizedException", "Temporary password has expired and must be reset by an administrator.");
    return { kind: "new-password-required", user };
  }
  return { kind: "authenticated", user };
}

/** Runs PostAuthentication and issues tokens: the common end of every sign-in path. */
export async function completeSignIn(
  ctx: PoolContext,
  input: {
    pool: PoolRecord;
    client: ClientRecord;
    user: UserRecord;
    source: TokenGenerationSource;
    scopes: string[];
    withIdToken: boolean;
    withAtHash: boolean;
    nonce?: string | null;
    clientMetadata?: Record<string, string> | undefined;
  },
): Promise<IssuedTokens> {
  await runPostAuthentication(ctx, input.pool, {
    user: input.user,
    clientId: input.client.id,
    clientMetadata: input.clientMetadata,
  });
  return issueUserTokens(ctx, input);
}

/** Opens a NEW_PASSWORD_REQUIRED round trip; the returned Session is single use and short-lived. */
export async function openNewPasswordChallenge(
  ctx: PoolContext,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
): Promise<string> {
  return openChallengeSession(ctx, client, {
    poolId: pool.id,
    userSub: user.sub,
    challenge: "NEW_PASSWORD_REQUIRED",
  });
}

/**
 * Answers NEW_PASSWORD_REQUIRED: checks the session (single use, client-bound, unexpired), sets the new
 * password and any required attributes, and returns the user, now CONFIRMED. PostConfirmation does not
 * fire here, as in Cognito.
 */
export async function answerNewPasswordChallenge(
  ctx: PoolContext,
  pool: PoolRecord,
  client: ClientRecord,
  input: { session: string; username: string; newPassword: string; attributes: Record<string, string> },
): Promise<UserRecord> {
  const expired = "Invalid session for the user, session is expired.";
  const stored = await ctx.stores.challengeSessions.get(hashToken(input.session));
  if (stored === undefined || stored.clientId !== client.id || stored.challenge !== "NEW_PASSWORD_REQUIRED")
    fail("NotAuthorizedException", "Invalid session for the user.");
  if (stored.usedAt !== null || stored.expiresAt < ctx.now()) fail("NotAuthorizedException", expired);
  const user = await findUser(ctx, pool, input.username);
  if (user === undefined || user.sub !== stored.userSub)
    fail("NotAuthorizedException", "Invalid session for the user.");
  if (user.status !== "FORCE_CHANGE_PASSWORD") fail("NotAuthorizedException", expired);
  for (const attr of pool.settings.SchemaAttributes)
    if (attr.Required && attr.Name !== "sub" && !user.attributes[attr.Name] && !input.attributes[attr.Name])
      fail("InvalidParameterException", `Missing required attribute ${attr.Name}`);
  validateAttributeWrite(pool.settings, input.attributes);
  // A password the policy refuses leaves the session usable for another try, so check before consuming.
  const problem = checkPasswordPolicy(input.newPassword, pool.settings.Policies.PasswordPolicy);
  if (problem) fail("InvalidPasswordException", problem);
  if (!(await ctx.stores.challengeSessions.consume(stored.idHash, ctx.now())))
    fail("NotAuthorizedException", expired);
  await setPermanentPassword(ctx, pool, user, input.newPassword);
  if (Object.keys(input.attributes).length > 0) {
    Object.assign(user.attributes, input.attributes);
    user.updatedAt = ctx.now();
    await ctx.stores.users.save(user);
  }
  return user;
}

/**
 * After a hosted-UI sign-up, remembers for an hour that this browser may be signed in as soon as the
 * account is confirmed, without typing the password again.
 */
export async function openConfirmationSession(
  ctx: PoolContext,
  client: ClientRecord,
  user: UserRecord,
): Promise<string> {
  const session = newOpaqueToken();
  await ctx.stores.challengeSessions.insert({
    idHash: hashToken(session),
    poolId: user.poolId,
    clientId: client.id,
    userSub: user.sub,
    challenge: "CONFIRM_SIGN_UP",
    expiresAt: ctx.now() + 3600_000,
    usedAt: null,
  });
  return session;
}

/** Consumes a confirmation session; true only if it was this client's, for this user, and unused. */
export async function consumeConfirmationSession(
  ctx: PoolContext,
  client: ClientRecord,
  user: UserRecord,
  session: string | undefined,
): Promise<boolean> {
  if (!session) return false;
  const stored = await ctx.stores.challengeSessions.get(hashToken(session));
  if (stored === undefined || stored.challenge !== "CONFIRM_SIGN_UP" || stored.clientId !== client.id)
    return false;
  if (stored.userSub !== user.sub || stored.usedAt !== null || stored.expiresAt < ctx.now()) return false;
  return ctx.stores.challengeSessions.consume(stored.idHash, ctx.now());
}
