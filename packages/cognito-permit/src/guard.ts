import type { IResource, Permit } from "permitio";
import type { CognitoClaims } from "./claims.ts";
import { decide } from "./decision.ts";
import type { SessionCheck } from "./session-check.ts";
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
  /**
   * How long to wait for the PDP's decision before answering 503 (default 2000 ms). A PDP that
   * accepts the connection and never answers must not hang the request.
   */
  decisionTimeoutMs?: number | undefined;
  /**
   * Whether the token's session still stands (the user was not disabled, signed out, reset or
   * deleted since it was issued): `revocationCheck(revocations)` fed by `followPoolEvents` for the
   * local pool, `sessionRecheck(...)` for real Cognito. Without it, a token is good until it expires.
   */
  sessions?: SessionCheck | undefined;
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
 * only a decision that is exactly `true` allows; `false` is a 403; a PDP that cannot be reached,
 * answers too late, or answers something that is not a boolean is a 503, never an allow.
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
  const session = options.sessions ? await options.sessions.check(token, claims) : "active";
  if (session === "ended") {
    return {
      ok: false,
      status: 401,
      error: "unauthorized",
      message: "this session has ended (signed out, disabled or removed); sign in again",
    };
  }
  if (session === "unavailable") {
    return {
      ok: false,
      status: 503,
      error: "authorization_unavailable",
      message: "the user pool could not confirm the session; nothing was done",
    };
  }
  const verified = performance.now();
  const decision = await decide(options.permit, claims.sub, action, resource, options.decisionTimeoutMs);
  if (decision === "unavailable") {
    return {
      ok: false,
      status: 503,
      error: "authorization_unavailable",
      message: "the authorization service gave no usable answer; nothing was done",
    };
  }
  if (decision !== "allow") {
    const what = typeof resource === "string" ? resource : resource.type;
    return { ok: false, status: 403, error: "forbidden", message: `you may not ${action} ${what}` };
  }
  return { ok: true, claims, timing: { authnMs: verified - started, authzMs: performance.now() - verified } };
}

export function resolveResource<Req>(spec: ResourceSpec<Req>, request: Req): string | IResource {
  return typeof spec === "function" ? spec(request) : spec;
}
