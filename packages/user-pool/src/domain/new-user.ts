import type { UserRecord, UserStatus } from "./model.ts";

/** Who a new user is; everything else about a new account starts out the same. */
export interface NewUser {
  poolId: string;
  sub: string;
  username: string;
  attributes: Record<string, string>;
  status: UserStatus;
}

/**
 * A user as SignUp and AdminCreateUser first build it: enabled, with no password, SRP verifier,
 * software token or confirmation code yet. The caller sets the password before storing it.
 */
export function newUserRecord(who: NewUser, now: number): UserRecord {
  return {
    ...who,
    enabled: true,
    passwordHash: null,
    srpSalt: null,
    srpVerifier: null,
    mfa: null,
    temporaryPasswordExpiresAt: null,
    confirmationCodeHash: null,
    confirmationCodeExpiresAt: null,
    confirmationFailures: 0,
    createdAt: now,
    updatedAt: now,
  };
}
