import type { FastifyInstance, FastifyReply } from "fastify";
import { toAwsError } from "../admin-api/errors.ts";
import { eventData } from "../domain/account-events.ts";
import type { PoolContext } from "../domain/context.ts";
import { CognitoError, fail } from "../domain/errors.ts";
import type { SigV4Verifier } from "../iam/sigv4.ts";

/** How often an idle stream says it is alive (proxies and clients drop silent connections). */
export const DEFAULT_KEEP_ALIVE_MS = 15_000;

const RESUME_ID = /^\d{1,15}$/;

function resumePoint(lastEventId: unknown, since: unknown): number | undefined {
  const raw = typeof lastEventId === "string" && lastEventId !== "" ? lastEventId : since;
  if (raw === undefined || raw === "") return undefined;
  if (typeof raw !== "string" || !RESUME_ID.test(raw))
    fail("InvalidParameterException", "Last-Event-ID / since must be a non-negative integer event id.");
  return Number(raw);
}

function sendError(reply: FastifyReply, ctx: PoolContext, err: unknown): FastifyReply {
  const wire = toAwsError(err, ctx.log);
  const status = err instanceof CognitoError && err.type === "ResourceNotFoundException" ? 404 : wire.status;
  return reply
    .code(status)
    .header("x-amzn-errortype", `${wire.type}:`)
    .header("content-type", "application/json")
    .send({ __type: wire.type, message: wire.message });
}

/**
 * `GET /_tollgate/pools/{userPoolId}/events`: a Server-Sent Events stream of account events
 * (`user.disabled`, `user.enabled`, `user.signed_out`, `user.password_reset`, `user.deleted`), so apps
 * can end a user's sessions within a second. Signed like the IAM operations; resumes after
 * `Last-Event-ID` (or `?since=`) from the events kept in the database; `: keep-alive` when idle.
 */
export function registerAccountEventsStream(
  app: FastifyInstance,
  ctx: PoolContext,
  sigv4: SigV4Verifier,
  keepAliveMs = DEFAULT_KEEP_ALIVE_MS,
): void {
  // Open streams never end on their own; closing the server ends them (the server waits for them).
  const open = new Set<() => void>();
  app.addHook("preClose", async () => {
    for (const end of open) end();
  });

  app.get<{ Params: { poolId: string }; Querystring: { since?: string } }>(
    "/_tollgate/pools/:poolId/events",
    async (request, reply) => {
      let after: number;
      try {
        await sigv4.check({
          method: "GET",
          url: request.url,
          headers: request.headers,
          body: Buffer.alloc(0),
        });
        const pool = await ctx.stores.pools.get(request.params.poolId);
        if (pool === undefined)
          fail("ResourceNotFoundException", `User pool ${request.params.poolId} does not exist.`);
        after =
          resumePoint(request.headers["last-event-id"], request.query.since) ?? (await ctx.events.lastId());
      } catch (err) {
        return sendError(reply, ctx, err);
      }
      const poolId = request.params.poolId;
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      });
      res.flushHeaders();

      // One pump at a time reads whatever the store has beyond the last id sent: events are stored
      // before they are signalled, so nothing announced during the backlog read can be missed.
      let pumping: Promise<void> = Promise.resolve();
      let closed = false;
      const pump = () => {
        pumping = pumping
          .then(async () => {
            while (!closed) {
              const batch = await ctx.events.after(poolId, after);
              if (batch.length === 0) return;
              for (const e of batch) {
                res.write(`id: ${e.id}\nevent: user\ndata: ${JSON.stringify(eventData(e))}\n\n`);
                after = e.id;
              }
            }
          })
          .catch((err) => {
            ctx.log.error("user-pool: events stream failed", err);
            res.destroy();
          });
      };
      const unsubscribe = ctx.events.subscribe(poolId, pump);
      const keepAlive = setInterval(() => res.write(": keep-alive\n\n"), keepAliveMs);
      const end = () => res.end();
      open.add(end);
      res.on("close", () => {
        closed = true;
        clearInterval(keepAlive);
        unsubscribe();
        open.delete(end);
      });
      pump();
    },
  );
}
