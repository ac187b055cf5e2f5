/** What the library reads from a verified Cognito token (ID or access). */
export interface CognitoClaims {
  sub: string;
  token_use: "id" | "access";
  iss: string;
  exp: number;
  iat: number;
  "cognito:groups"?: string[];
  "cognito:username"?: string;
  username?: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  given_name?: string;
  family_name?: string;
  [claim: string]: unknown;
}

/** The Permit user for a Cognito user: keyed by `sub`, which never changes (usernames and emails can). */
export interface PermitUserProfile {
  key: string;
  email?: string;
  first_name?: string;
  last_name?: string;
}

export function groupsOf(claims: Pick<CognitoClaims, "cognito:groups">): string[] {
  const groups = claims["cognito:groups"];
  return Array.isArray(groups) ? groups.filter((g): g is string => typeof g === "string") : [];
}

/**
 * Names come from `given_name`/`family_name` when the pool has them, else from splitting `name`.
 * Access tokens carry no profile claims; the profile is then just the key.
 */
export function profileOf(claims: CognitoClaims): PermitUserProfile {
  const profile: PermitUserProfile = { key: claims.sub };
  if (typeof claims.email === "string") profile.email = claims.email;
  let first = typeof claims.given_name === "string" ? claims.given_name : undefined;
  let last = typeof claims.family_name === "string" ? claims.family_name : undefined;
  if (first === undefined && last === undefined && typeof claims.name === "string" && claims.name.trim()) {
    const [head, ...rest] = claims.name.trim().split(/\s+/);
    first = head;
    last = rest.length > 0 ? rest.join(" ") : undefined;
  }
  if (first !== undefined) profile.first_name = first;
  if (last !== undefined) profile.last_name = last;
  return profile;
}
