import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";

/**
 * Password hashing with scrypt (node:crypto, no native add-on). Hashes are self-describing
 * (`scrypt$<log2N>$<r>$<p>$<salt>$<hash>`) so the cost can be raised later without invalidating old hashes.
 *
 * Default cost: N=2^15, r=8, p=1 — 32 MiB and roughly 50–100 ms per hash on a laptop core. OWASP's
 * floor for server deployments is N=2^17; a local emulator that tests sign in hundreds of times trades
 * some of that for speed, and the operator can raise it with USER_POOL_SCRYPT_LOG2N.
 */
export interface ScryptCost {
  log2N: number;
  r: number;
  p: number;
}

const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const N = 2 ** cost.log2N;
  // scrypt needs 128·N·r bytes; Node's default maxmem (32 MiB) is exactly too small for N=2^15.
  const options: ScryptOptions = { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), salt, KEY_LENGTH, options, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** Hashes a password with a fresh 16-byte salt. */
export async function hashPassword(password: string, log2N: number): Promise<string> {
  const cost = { log2N, r: 8, p: 1 };
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return ["scrypt", cost.log2N, cost.r, cost.p, salt.toString("base64url"), key.toString("base64url")].join(
    "$",
  );
}

/** Checks a password against a stored hash in constant time. A malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, log2N, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !log2N || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const actual = await derive(password, Buffer.from(salt, "base64url"), {
    log2N: Number(log2N),
    r: Number(r),
    p: Number(p),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real check when the user does not exist, so response timing does not
 * reveal which usernames are registered.
 */
export async function burnPasswordCheck(password: string, log2N: number): Promise<void> {
  dummyHash ??= hashPassword("not-a-real-password", log2N);
  await verifyPassword(password, await dummyHash);
}
