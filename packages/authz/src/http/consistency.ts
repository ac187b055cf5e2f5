import type { FastifyReply, FastifyRequest } from "fastify";
import { writeWait } from "../service/commit.ts";
import type { AuthzCore } from "../service/context.ts";
import { sendError } from "./errors.ts";
import { VERSION_HEADER } from "./plumbing.ts";

/** Asks this replica to answer only from a snapshot at least this new (our extension). */
export const MIN_VERSION_HEADER = "x-min-version";
const MAX_WAIT_MS = 60_000;
const DEFAULT_WAIT_MS = 10_000;

/** `X-Wait-Timeout` is in seconds, as the SDK sends it; an empty value means the default. */
function waitMs(request: FastifyRequest): number | undefined {
  const raw = request.headers["x-wait-timeout"];
  if (raw === undefined) return undefined;
  const seconds = Number(Array.isArray(raw) ? raw[0] : raw);
  if (raw === "" || !Number.isFinite(seconds) || seconds < 0) return DEFAULT_WAIT_MS;
  return Math.min(seconds * 1000, MAX_WAIT_MS);
}

/**
 * Consistency controls for every authenticated request:
 * - `X-Min-Version: N` — answer only once this replica's snapshot includes version N, waiting up to
 *   `X-Wait-Timeout` seconds (default 10); 424 if it does not get there. Reads never see older data.
 * - `X-Wait-Timeout` / `X-Timeout-Policy: ignore|fail` on writes (the SDK's `waitForSync`): how long
 *   the write waits to reach this replica's snapshot, and whether running out is a 424.
 * Every response carries `X-Policy-Version`: the version written, or the snapshot's version.
 */
export function consistencyHooks(core: AuthzCore) {
  return {
    async preHandler(request: FastifyRequest, reply: FastifyReply) {
      const timeoutMs = waitMs(request);
      const raw = request.headers[MIN_VERSION_HEADER];
      if (raw !== undefined) {
        const min = Number(Array.isArray(raw) ? raw[0] : raw);
        if (!Number.isSafeInteger(min) || min < 0) {
          return sendError(reply, 422, `${MIN_VERSION_HEADER} must be a non-negative integer`, {
            detail: [
              {
                loc: ["header", MIN_VERSION_HEADER],
                msg: "must be a non-negative integer",
                type: "int_type",
              },
            ],
          });
        }
        if (!(await core.sync.waitFor(min, timeoutMs ?? DEFAULT_WAIT_MS))) {
          return sendError(
            reply,
            424,
            `Timeout waiting for version ${min} (this replica is at ${core.sync.version})`,
          );
        }
      }
      if (timeoutMs !== undefined && request.method !== "GET") {
        const policy = request.headers["x-timeout-policy"] === "fail" ? "fail" : "ignore";
        writeWait.enterWith({ timeoutMs, policy });
      }
    },
    async onSend(_request: FastifyRequest, reply: FastifyReply) {
      if (!reply.hasHeader(VERSION_HEADER)) reply.header(VERSION_HEADER, String(core.sync.version));
    },
  };
}
