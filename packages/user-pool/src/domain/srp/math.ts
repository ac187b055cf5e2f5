import { createHash, createHmac, randomBytes } from "node:crypto";

/**
 * Cognito's SRP-6a, exactly as amazon-cognito-identity-js and Amplify compute it (contract part 2 §1.2):
 * SHA-256, g = 2, N = the RFC 3526 3072-bit group, Java-style sign-byte padding of hex strings, and a
 * one-block HKDF ("Caldera Derived Key") over S. Pure functions over bigint; no I/O.
 */
const N_HEX =
  "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
  "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
  "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F" +
  "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
  "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510" +
  "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" +
  "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C" +
  "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";

export const N = BigInt(`0x${N_HEX}`);
export const g = 2n;

/** Hex of a non-negative integer, even length, with a `00` sign byte when the top bit is set. */
export function padHex(value: bigint): string {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  else if ("89abcdef".includes(hex[0] ?? "0")) hex = `00${hex}`;
  return hex;
}

function sha256Hex(...hexParts: string[]): string {
  return createHash("sha256")
    .update(Buffer.from(hexParts.join(""), "hex"))
    .digest("hex");
}

function toBigInt(hex: string): bigint {
  return BigInt(`0x${hex}`);
}

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

/** k = H(pad(N) ‖ pad(g)). */
export const k = toBigInt(sha256Hex(padHex(N), padHex(g)));

/** The pool-name part of a pool id (`us-east-1_Abc123` → `Abc123`), which enters x and the signature. */
export function poolNameOf(poolId: string): string {
  return poolId.split("_")[1] ?? poolId;
}

/** x = H(pad(salt) ‖ H(poolName ‖ username ‖ ":" ‖ password)), the password as typed (no normalisation). */
function privateKey(poolName: string, username: string, password: string, saltHex: string): bigint {
  const inner = createHash("sha256").update(`${poolName}${username}:${password}`, "utf8").digest("hex");
  return toBigInt(sha256Hex(padHex(toBigInt(saltHex)), inner));
}

/** A fresh salt and the verifier v = g^x mod N; stored beside the scrypt hash. */
export function createVerifier(
  poolName: string,
  username: string,
  password: string,
): { salt: string; verifier: string } {
  const salt = randomBytes(16).toString("hex");
  const verifier = modPow(g, privateKey(poolName, username, password, salt), N);
  return { salt, verifier: verifier.toString(16) };
}

/** Server step 1: a secret b and the public B = (k·v + g^b) mod N. */
export function serverEphemeral(verifierHex: string): { b: string; B: string } {
  const b = toBigInt(randomBytes(32).toString("hex"));
  const B = (k * toBigInt(verifierHex) + modPow(g, b, N)) % N;
  return { b: b.toString(16), B: B.toString(16) };
}

/** True when the client's A is usable (A mod N ≠ 0). */
export function validClientPublic(aHex: string): boolean {
  return /^[0-9a-fA-F]{1,2048}$/.test(aHex) && toBigInt(aHex) % N !== 0n;
}

/** Step 2: the 16-byte key both sides derive from S (HKDF-SHA256, one block, truncated). */
export function sessionKey(input: { A: string; B: string; b: string; verifier: string }): Buffer {
  const A = toBigInt(input.A);
  const B = toBigInt(input.B);
  const u = toBigInt(sha256Hex(padHex(A), padHex(B)));
  const S = modPow((A * modPow(toBigInt(input.verifier), u, N)) % N, toBigInt(input.b), N);
  const prk = createHmac("sha256", Buffer.from(padHex(u), "hex"))
    .update(Buffer.from(padHex(S), "hex"))
    .digest();
  return createHmac("sha256", prk)
    .update(Buffer.concat([Buffer.from("Caldera Derived Key", "utf8"), Buffer.from([1])]))
    .digest()
    .subarray(0, 16);
}

/** PASSWORD_CLAIM_SIGNATURE = base64(HMAC(K, poolName ‖ userId ‖ secretBlock ‖ timestamp)). */
export function claimSignature(
  key: Buffer,
  poolName: string,
  userIdForSrp: string,
  secretBlockBase64: string,
  timestamp: string,
): string {
  return createHmac("sha256", key)
    .update(
      Buffer.concat([
        Buffer.from(poolName, "utf8"),
        Buffer.from(userIdForSrp, "utf8"),
        Buffer.from(secretBlockBase64, "base64"),
        Buffer.from(timestamp, "utf8"),
      ]),
    )
    .digest("base64");
}

/** `Mon Nov 3 09:04:05 UTC 2025`: the clients' TIMESTAMP format (day not zero-padded). */
export const TIMESTAMP =
  /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([1-9]|[12]\d|3[01]) (\d\d):(\d\d):(\d\d) UTC (\d{4})$/;

/** The instant a TIMESTAMP names, or undefined when it is not in the clients' format. */
export function parseTimestamp(value: string): number | undefined {
  const m = TIMESTAMP.exec(value);
  if (!m) return undefined;
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].indexOf(
    m[2] ?? "",
  );
  const ms = Date.UTC(Number(m[7]), month, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Number.isNaN(ms) ? undefined : ms;
}
