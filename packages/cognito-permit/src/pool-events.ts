import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import { followEventStream, type Subscription } from "./event-stream.ts";
import type { SessionRevocations } from "./session-revocations.ts";

/** What Tollgate's user pool announces about a user. */
export interface PoolUserEvent {
  type: "user.disabled" | "user.enabled" | "user.signed_out" | "user.password_reset" | "user.deleted";
  userPoolId: string;
  username: string;
  sub: string;
  /** ISO-8601. */
  at: string;
}

/** The events after which a user's earlier tokens must no longer be accepted. */
const ENDS_SESSIONS = new Set<PoolUserEvent["type"]>([
  "user.disabled",
  "user.signed_out",
  "user.password_reset",
  "user.deleted",
]);

export interface PoolEventsOptions {
  /** The local pool's endpoint, e.g. `http://localhost:9229`. */
  endpoint: string;
  userPoolId: string;
  region: string;
  /** Signing credentials; any key works against a pool that does not verify them (the default). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined;
  revocations: SessionRevocations;
  /** Called after a user's sessions were ended (e.g. to close their live connections). */
  onSessionsEnded?: ((event: PoolUserEvent) => void) | undefined;
  onError?: ((err: unknown) => void) | undefined;
  /** First reconnection delay (default 500 ms; doubles up to 30 s while the pool is away). */
  minDelayMs?: number | undefined;
}

/**
 * Follows Tollgate's user-pool event stream (`GET /_tollgate/pools/{id}/events`, SigV4-signed for
 * `cognito-idp` as the AWS SDK signs admin calls) and ends a user's sessions when the pool announces
 * that they were disabled, signed out globally, had their password reset, or were deleted. Resumes
 * by event id after a drop. Real Cognito has no such stream: use `createSessionRecheck` there.
 *
 * @example
 * ```ts
 * const revocations = new SessionRevocations();
 * followPoolEvents({ endpoint: "http://localhost:9229", userPoolId, region: "us-east-1", revocations });
 * const { requirePermission } = fastifyGuards({ verifier, permit, revocations });
 * ```
 */
export function followPoolEvents(options: PoolEventsOptions): Subscription {
  const signer = new SignatureV4({
    service: "cognito-idp",
    region: options.region,
    credentials: options.credentials ?? { accessKeyId: "local", secretAccessKey: "local" },
    sha256: Hash.bind(null, "sha256"),
  });
  const base = options.endpoint.replace(/\/+$/, "");
  return followEventStream({
    url: (lastEventId) => {
      const url = new URL(`${base}/_tollgate/pools/${encodeURIComponent(options.userPoolId)}/events`);
      if (lastEventId !== undefined) url.searchParams.set("since", lastEventId);
      return url;
    },
    async headers(url) {
      const query: Record<string, string> = {};
      for (const [k, v] of url.searchParams) query[k] = v;
      const signed = await signer.sign({
        method: "GET",
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port && { port: Number(url.port) }),
        path: url.pathname,
        query,
        headers: { host: url.host, accept: "text/event-stream" },
      });
      const { host: _host, ...headers } = signed.headers;
      return headers;
    },
    onError: options.onError,
    minDelayMs: options.minDelayMs,
    onEvent(message) {
      if (message.event !== "user") return;
      let event: PoolUserEvent;
      try {
        event = JSON.parse(message.data) as PoolUserEvent;
      } catch (err) {
        options.onError?.(err);
        return;
      }
      if (event.userPoolId !== options.userPoolId || !ENDS_SESSIONS.has(event.type)) return;
      const at = Date.parse(event.at);
      if (typeof event.sub !== "string" || Number.isNaN(at)) return;
      options.revocations.revoke(event.sub, at);
      options.onSessionsEnded?.(event);
    },
  });
}
