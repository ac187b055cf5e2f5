import { createHash } from "node:crypto";
import type { TokenOverrides } from "../triggers/events.ts";
import type { UserRecord } from "./model.ts";

/**
 * Cognito's token claim sets, built as plain data (no signing, no clock) so each rule is testable alone.
 * See the wire contract §2.
 */
export interface ClaimsInput {
  issuer: string;
  clientId: string;
  user: UserRecord;
  groups: string[];
  scopes: string[];
  /** Epoch seconds. */
  authTime: number;
  issuedAt: number;
  accessTtl: number;
  idTtl: number;
  originJti: string;
  eventId: string;
  /** Attributes the client may read; undefined = all. */
  readAttributes: string[] | undefined;
  nonce?: string | null;
}

type Claims = Record<string, unknown>;

/** Claims no trigger may change (Cognito's list) — ID token. */
const RESERVED = new Set([
  "acr",
  "amr",
  "aud",
  "at_hash",
  "auth_time",
  "azp",
  "cognito:username",
  "exp",
  "iat",
  "identities",
  "iss",
  "jti",
  "nbf",
  "nonce",
  "origin_jti",
  "sub",
  "token_use",
  "event_id",
]);

/** In access tokens scopes and identity are controlled through scopes, not claims. [uncertain] exact list. */
const RESERVED_ACCESS = new Set([...RESERVED, "client_id", "scope", "username", "version", "cognito:groups"]);

export function accessTokenClaims(input: ClaimsInput): Claims {
  const claims: Claims = {
    sub: input.user.sub,
    iss: input.issuer,
    version: 2,
    client_id: input.clientId,
    origin_jti: input.originJti,
    event_id: input.eventId,
    token_use: "access",
    scope: input.scopes.join(" "),
    auth_time: input.authTime,
    exp: input.issuedAt + input.accessTtl,
    iat: input.issuedAt,
    jti: crypto.randomUUID(),
    username: input.user.username,
  };
  if (input.groups.length > 0) claims["cognito:groups"] = input.groups;
  return claims;
}

/** Attribute values as ID-token claims: `*_verified` booleans, `updated_at` a number, the rest strings. */
function attributeClaim(name: string, value: string): unknown {
  if (name === "email_verified" || name === "phone_number_verified") return value === "true";
  if (name === "updated_at" && /^\d+$/.test(value)) return Number(value);
  return value;
}

/**
 * ID token claims. [uncertain] Cognito documents the email/phone/profile scopes as governing
 * /oauth2/userInfo; for the ID token it releases every attribute the client may read once `openid`
 * is granted, which is what we do.
 */
export function idTokenClaims(input: ClaimsInput, accessToken: string | undefined): Claims {
  const claims: Claims = {};
  if (accessToken !== undefined) claims["at_hash"] = atHash(accessToken);
  claims["sub"] = input.user.sub;
  if (input.groups.length > 0) claims["cognito:groups"] = input.groups;
  for (const [name, value] of Object.entries(input.user.attributes)) {
    if (input.readAttributes !== undefined && !input.readAttributes.includes(name)) continue;
    claims[name] = attributeClaim(name, value);
  }
  Object.assign(claims, {
    iss: input.issuer,
    "cognito:username": input.user.username,
    ...(input.nonce ? { nonce: input.nonce } : {}),
    origin_jti: input.originJti,
    aud: input.clientId,
    event_id: input.eventId,
    token_use: "id",
    auth_time: input.authTime,
    exp: input.issuedAt + input.idTtl,
    iat: input.issuedAt,
    jti: crypto.randomUUID(),
  });
  return claims;
}

/** OIDC at_hash: base64url of the left half of SHA-256 over the access token. */
export function atHash(accessToken: string): string {
  const digest = createHash("sha256").update(accessToken, "ascii").digest();
  return digest.subarray(0, digest.length / 2).toString("base64url");
}

function applyClaimChanges(claims: Claims, add: Claims, suppress: string[], reserved: Set<string>): void {
  for (const [name, value] of Object.entries(add)) {
    if (reserved.has(name)) continue;
    claims[name] = value;
  }
  // Suppression wins over addition for the same claim, as in Cognito.
  for (const name of suppress) if (!reserved.has(name)) delete claims[name];
}

/** The groups a trigger left in place (or replaced). */
export function effectiveGroups(groups: string[], overrides: TokenOverrides | undefined): string[] {
  return overrides?.groupsOverride ?? groups;
}

/** The access token's scopes after a V2 trigger's scopesToAdd/scopesToSuppress. */
export function effectiveScopes(scopes: string[], overrides: TokenOverrides | undefined): string[] {
  if (overrides === undefined) return scopes;
  const out = scopes.filter((s) => !overrides.scopesToSuppress.includes(s));
  for (const s of overrides.scopesToAdd)
    if (!out.includes(s) && !overrides.scopesToSuppress.includes(s)) out.push(s);
  return out;
}

/** Applies a PreTokenGeneration trigger's ID-token claim changes in place. */
export function applyIdOverrides(idClaims: Claims, overrides: TokenOverrides | undefined): void {
  if (overrides !== undefined)
    applyClaimChanges(idClaims, overrides.idClaimsToAdd, overrides.idClaimsToSuppress, RESERVED);
}

/** Applies a V2/V3 trigger's access-token claim changes in place; `cognito:*` claims are refused. */
export function applyAccessOverrides(accessClaims: Claims, overrides: TokenOverrides | undefined): void {
  if (overrides === undefined) return;
  const add = Object.fromEntries(
    Object.entries(overrides.accessClaimsToAdd).filter(([k]) => !k.startsWith("cognito:")),
  );
  applyClaimChanges(accessClaims, add, overrides.accessClaimsToSuppress, RESERVED_ACCESS);
}
