import { CognitoJwtVerifier, JwtVerifier } from "aws-jwt-verify";
import { validateCognitoJwtFields } from "aws-jwt-verify/cognito-verifier";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import type { CognitoClaims } from "./claims.ts";

export interface VerifierOptions {
  /** e.g. `us-east-1_AbC123`. */
  userPoolId: string;
  /** The app client(s) whose tokens are accepted. */
  clientId: string | string[];
  /** Which token the app sends: `"access"` (recommended for APIs) or `"id"`. */
  tokenUse: "id" | "access";
  /**
   * Set for a pool that is not AWS's own, such as Tollgate's local pool
   * (`http://localhost:9229/<poolId>`). Leave unset for real Cognito.
   */
  issuer?: string | undefined;
}

export interface TokenVerifier {
  /** Resolves to the token's claims, or rejects (expired, tampered, wrong client or token use, ...). */
  verify(token: string): Promise<CognitoClaims>;
}

/**
 * JWKS fetches over plain `fetch`: aws-jwt-verify's Node fetcher speaks only https, and a local pool
 * serves its keys over http on loopback.
 */
const httpFetcher = {
  async fetch(uri: string): Promise<ArrayBuffer> {
    const res = await fetch(uri, { signal: AbortSignal.timeout(3000) });
    if (!res.ok) throw new Error(`JWKS fetch from ${uri} failed with ${res.status}`);
    return res.arrayBuffer();
  },
};

/**
 * A verifier for Cognito tokens, always through aws-jwt-verify: `CognitoJwtVerifier` for real
 * pools, and for a custom issuer the generic `JwtVerifier` with Cognito's own field checks
 * (`validateCognitoJwtFields`: token_use, and `aud`/`client_id` against the client).
 *
 * @example
 * ```ts
 * const verifier = createVerifier({ userPoolId: "us-east-1_AbC123", clientId: "5kq...", tokenUse: "access" });
 * const claims = await verifier.verify(token); // claims.sub, claims["cognito:groups"]
 * ```
 */
export function createVerifier(options: VerifierOptions): TokenVerifier {
  const { userPoolId, clientId, tokenUse } = options;
  if (options.issuer === undefined) {
    const verifier = CognitoJwtVerifier.create({ userPoolId, clientId, tokenUse });
    return { verify: async (token) => (await verifier.verify(token)) as unknown as CognitoClaims };
  }
  const issuer = options.issuer.replace(/\/+$/, "");
  const verifier = JwtVerifier.create(
    {
      issuer,
      audience: null,
      jwksUri: `${issuer}/.well-known/jwks.json`,
      customJwtCheck: ({ payload }) => validateCognitoJwtFields(payload, { tokenUse, clientId }),
    },
    { jwksCache: new SimpleJwksCache({ fetcher: httpFetcher }) },
  );
  return { verify: async (token) => (await verifier.verify(token)) as unknown as CognitoClaims };
}
