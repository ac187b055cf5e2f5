import { createHash, randomBytes, randomInt, randomUUID, timingSafeEqual } from "node:crypto";

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";

/** Unbiased random string over an alphabet (randomInt rejects out-of-range samples). */
export function randomString(alphabet: string, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** `us-east-1_AbC123xyZ`: matches aws-jwt-verify's pool id pattern, so real verifiers accept it. */
export function newPoolId(region: string): string {
  return `${region}_${randomString(UPPER + LOWER + DIGITS, 9)}`;
}

/** 26 lowercase alphanumerics, like Cognito app client ids. */
export function newClientId(): string {
  return randomString(LOWER + DIGITS, 26);
}

/** 51 lowercase alphanumerics, the length of Cognito client secrets. */
export function newClientSecret(): string {
  return randomString(LOWER + DIGITS, 51);
}

/** A UUIDv4 for `sub`, `jti`, `origin_jti` and `event_id`. */
export function newUuid(): string {
  return randomUUID();
}

/** Six digits, like the codes Cognito mails. */
export function newConfirmationCode(): string {
  return randomString(DIGITS, 6);
}

/** Opaque bearer values (refresh tokens, codes, sessions): 256 bits, URL-safe. */
export function newOpaqueToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/**
 * Bearer values are stored only as hashes so a copied database file cannot be replayed. SHA-256 is
 * enough here: the inputs are 256-bit random values, not guessable passwords.
 */
export function hashToken(value: string): string {
  return createHash("sha256").update(value).digest("base64url");
}

/** A temporary password that satisfies any policy Cognito allows (all four classes, 12+ chars). */
export function newTemporaryPassword(minimumLength: number): string {
  const length = Math.max(12, minimumLength);
  const chars = [
    randomString(UPPER, 1),
    randomString(LOWER, 1),
    randomString(DIGITS, 1),
    randomString("!#%*+-=?", 1),
  ];
  chars.push(randomString(UPPER + LOWER + DIGITS, length - chars.length));
  return chars.join("");
}

/** Compares secrets without leaking, through timing, how many leading characters matched. */
export function constantTimeEqual(a: string, b: string): boolean {
  const ab = createHash("sha256").update(a).digest();
  const bb = createHash("sha256").update(b).digest();
  // Hashing first makes both sides the same length, so the length check cannot leak either.
  return timingSafeEqual(ab, bb) && a.length === b.length;
}
