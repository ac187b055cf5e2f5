import type { ClientRecord, PoolRecord } from "../../domain/model.ts";

/**
 * An /oauth2/authorize request as the steps build it up. Each step reads `params`, checks one thing and
 * fills in what it established; the hosted pages carry the same params through /login and back.
 */
export interface AuthorizationRequest {
  params: Record<string, string>;
  pool?: PoolRecord;
  client?: ClientRecord;
  /** Set once the redirect URI is registered: from then on errors go back to the client. */
  redirectUri?: string;
  responseType?: "code" | "token";
  scopes?: string[];
  codeChallenge?: string | null;
  state?: string;
  nonce?: string | null;
}

/** A request that passed every step. */
export type ValidAuthorizationRequest = Required<Omit<AuthorizationRequest, "state">> & {
  state: string | undefined;
};

/** Query parameters as single strings; a repeated parameter is ambiguous and rejected by the steps. */
export function singleParams(query: unknown): { params: Record<string, string>; repeated: string[] } {
  const params: Record<string, string> = {};
  const repeated: string[] = [];
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (Array.isArray(value)) repeated.push(key);
    else if (typeof value === "string") params[key] = value;
  }
  return { params, repeated };
}
