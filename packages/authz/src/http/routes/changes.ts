import { Type } from "typebox";
import type { AuthzCore } from "../../service/context.ts";
import { changesSince } from "../../storage/changes.ts";
import type { ChangeRecord } from "../../storage/records.ts";
import type { Api } from "../plumbing.ts";

const HEARTBEAT_MS = 15_000;

/**
 * `GET /v1/changes?since=<version>`: Server-Sent Events, one `change` event
 * `{version, kind, keys}` per committed change, in order. Resumable from `since` or the
 * `Last-Event-ID` header; without either it starts at the current version. After replaying history
 * it sends a `ready` event, then streams live.
 */
export function changeRoutes(api: Api, core: AuthzCore): void {
  api.get(
    "/v1/changes",
    {
      schema: {
        tags: ["changes"],
        querystring: Type.Object({ since: Type.Optional(Type.Integer({ minimum: 0 })) }),
      },
    },
    async (req, reply) => {
      const header = Number(req.headers["last-event-id"]);
      let last =
        req.query.since ?? (Number.isSafeInteger(header) && header >= 0 ? header : core.feed.version);
      const raw = reply.raw;
      reply.hijack();
      raw.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      });
      raw.write("retry: 1000\n\n");

      const send = (c: ChangeRecord) => {
        if (c.version <= last) return;
        last = c.version;
        raw.write(
          `id: ${c.version}\nevent: change\ndata: ${JSON.stringify({ version: c.version, kind: c.kind, keys: c.keys })}\n\n`,
        );
      };
      // Subscribe before replaying so nothing committed during the replay is missed.
      let pending: ChangeRecord[] | undefined = [];
      const unsubscribe = core.feed.subscribe((c) => (pending ? pending.push(c) : send(c)));
      const heartbeat = setInterval(() => raw.write(": ping\n\n"), HEARTBEAT_MS);
      heartbeat.unref();
      let closed = false;
      req.raw.on("close", () => {
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
      });

      try {
        for (;;) {
          const batch = await changesSince(core.store.db, last, 1000);
          if (batch.length === 0 || closed) break;
          for (const c of batch) send(c);
        }
      } catch (err) {
        req.log.error({ err }, "change stream replay failed");
        raw.end();
        return;
      }
      for (const c of pending) send(c);
      pending = undefined;
      raw.write(`event: ready\ndata: ${JSON.stringify({ version: last })}\n\n`);
    },
  );
}
