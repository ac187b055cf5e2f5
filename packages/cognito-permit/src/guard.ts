import type { IResource, Permit } from "permitio";
import type { CognitoClaims } from "./claims.ts";
import type { TokenVerifier } from "./verifier.ts";

/** What a guard decided: go ahead with the verified claims, or answer with this status. */
export type GuardOutcome =
  | { ok: true; claims: CognitoClaims; timing: GuardTiming }
  | {
      ok: false;
      status: 401 | 403 | 503;
      error: "unauthorized" | "forbidden" | "authorization_unavailable";
      message: string;
    };

export interface GuardOptions {
  verifier: TokenVerifier;
  permit: Permit;
}

/** Milliseconds spent verifying the token (authn) and asking Permit (authz). */
export interface GuardTiming {
  authnMs: number;
  authzMs: number;
}

/** The `Server-Timing` header value for a guard's work, so clients and benchmarks can see its share. */
export function serverTiming(t: GuardTiming): string {
  return `authn;dur=${t.authnMs.toFixed(3)}, authz;dur=${t.authzMs.toFixed(3)}`;
}

/** A resource, or a function of the request that gives one (for tenant- or instance-aware checks). */
export type ResourceSpec<Req> = string | IResource | ((request: Req) => string | IResource);

export function bearerOf(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer\s+(\S+)$/i.exec(value.trim()) : null;
  return match?.[1];
}

/**
 * The framework-free core of every guard: verify the bearer token, then ask Permit. Fails closed:
 * a PDP that cannot be reached is a 503, never an allow.
 */
export async function authorize(
  options: GuardOptions,
  authorization: string | string[] | undefined,
  action: string,
  resource: string | IResource,
): Promise<GuardOutcome> {
  const token = bearerOf(authorization);
  if (token === undefined) {
    return {
      ok: false,
      status: 401,
      error: "unauthorized",
      message: "sign in: send 'Authorization: Bearer <token>'",
    };
  }
  let claims: CognitoClaims;
  const started = performance.now();
  try {
    claims = await options.verifier.verify(token);
  } catch {
    return {
      ok: false,
      status: 401,
      error: "unauthorized",
      message: "the token is invalid or has expired; sign in again",
    };
  }
  const verified = performance.now();
  let allowed: boolean;
  try {
    allowed = await options.permit.check(claims.sub, action, resource, {}, { throwOnError: true });
  } catch {
    return {
      ok: false,
      status: 503,
      error: "authorization_unavailable",
      message: "the authorization service cannot be reached; nothing was done",
    };
  }
  if (!allowed) {
    const what = typeof resource === "string" ? resource : resource.type;
    return { ok: false, status: 403, error: "forbidden", message: `you may not ${action} ${what}` };
  }
  return { ok: true, claims, timing: { authnMs: verified - started, authzMs: performance.now() - verified } };
}

export function resolveResource<Req>(spec: ResourceSpec<Req>, request: Req): string | IResource {
  return typeof spec === "function" ? spec(request) : spec;
}
