import type { PasswordPolicy } from "./model.ts";

/** Cognito's default when CreateUserPool omits Policies. */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
};

/** The symbols Cognito counts (space included). */
const SYMBOLS = new Set([..."^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- "]);

const MAX_LENGTH = 256;

/**
 * Returns Cognito's InvalidPasswordException message for the first rule a password breaks, or
 * `undefined` when it conforms. Pure, so the policy is tested without a server.
 *
 * @example
 * checkPasswordPolicy("short", DEFAULT_PASSWORD_POLICY);
 * // "Password did not conform with policy: Password not long enough"
 */
export function checkPasswordPolicy(password: string, policy: PasswordPolicy): string | undefined {
  const prefix = "Password did not conform with policy: ";
  const chars = [...password];
  if (chars.length < policy.MinimumLength) return `${prefix}Password not long enough`;
  if (chars.length > MAX_LENGTH) return `${prefix}Password too long`;
  if (policy.RequireLowercase && !/[a-z]/.test(password))
    return `${prefix}Password must have lowercase characters`;
  if (policy.RequireUppercase && !/[A-Z]/.test(password))
    return `${prefix}Password must have uppercase characters`;
  if (policy.RequireNumbers && !/[0-9]/.test(password))
    return `${prefix}Password must have numeric characters`;
  if (policy.RequireSymbols && !chars.some((c) => SYMBOLS.has(c)))
    return `${prefix}Password must have symbol characters`;
  return undefined;
}
