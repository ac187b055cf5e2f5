import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import type { SigningKeysStore } from "../storage/signing-keys-store.ts";

/** One RS256 key ready to sign, with its public half for the JWKS. */
export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

/** The JWKS document served at `/<poolId>/.well-known/jwks.json`. */
export interface Jwks {
  keys: JWK[];
}

/**
 * Cognito signs ID and access tokens with two different RSA-2048 keys, and verifiers cache the JWKS by
 * `kid`; so we keep two keys, generated once and stored, whose kids never change across restarts.
 * The kid is the JWK thumbprint in standard base64 (with `=`), the look of Cognito's kids.
 */
export class SigningKeys {
  private constructor(
    readonly id: SigningKey,
    readonly access: SigningKey,
  ) {}

  static async load(store: SigningKeysStore, now: number): Promise<SigningKeys> {
    const id = await loadOrCreate(store, "id", now);
    const access = await loadOrCreate(store, "access", now);
    return new SigningKeys(id, access);
  }

  /** Both public keys; the access key first, as Cognito lists them. */
  jwks(): Jwks {
    return { keys: [this.access.publicJwk, this.id.publicJwk] };
  }
}

async function loadOrCreate(
  store: SigningKeysStore,
  purpose: "id" | "access",
  now: number,
): Promise<SigningKey> {
  let stored = await store.get(purpose);
  if (stored === undefined) {
    const { privateKey } = await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
    const jwk = await exportJWK(privateKey);
    const kid = Buffer.from(await calculateJwkThumbprint(jwk), "base64url").toString("base64");
    await store.insertIfAbsent({ purpose, kid, privateJwk: JSON.stringify({ ...jwk, kid }) }, now);
    stored = await store.get(purpose);
    if (stored === undefined) throw new Error(`signing key ${purpose} could not be stored`);
  }
  const privateJwk = JSON.parse(stored.privateJwk) as JWK;
  const publicJwk: JWK = {
    alg: "RS256",
    e: privateJwk.e!,
    kid: stored.kid,
    kty: "RSA",
    n: privateJwk.n!,
    use: "sig",
  };
  return {
    kid: stored.kid,
    privateKey: (await importJWK({ ...privateJwk, alg: "RS256" }, "RS256")) as CryptoKey,
    publicKey: (await importJWK(publicJwk, "RS256")) as CryptoKey,
    publicJwk,
  };
}
