import cluster from "node:cluster";
import type { AuthzConfig } from "../config.ts";
import { startAuthz } from "../server.ts";
import type { AuthzService } from "../service.ts";
import { type PrimaryMessage, WORKER_HEADER, type WorkerMessage } from "./messages.ts";

/** How often a SQLite worker reads the change log for writes it was not told about. */
const SQLITE_POLL_MS = 200;
/** The longest a write waits for the other workers before it answers anyway. */
const ANNOUNCE_TIMEOUT_MS = 10_000;

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, undefined, () => resolve());
  });
}

/**
 * One worker of `tollgate authz`: the whole service (snapshot, change follower, audit log, HTTP) on
 * the listening socket it shares with the other workers. It follows the change log as a replica
 * does (PostgreSQL: LISTEN plus catch-up; SQLite: a short poll), and in addition:
 * - after a request that advanced its snapshot (a write), it announces the new version and holds the
 *   response until every other worker has reached it, so the client's next check, whichever worker
 *   answers, sees the write;
 * - when another worker announces, it catches up at once and says so.
 */
export async function runClusterWorker(config: AuthzConfig): Promise<void> {
  const id = String(cluster.worker?.id ?? process.pid);
  let service: AuthzService | undefined;
  let announced = 0;
  let seq = 0;
  const waiting = new Map<number, () => void>();

  // Taking messages before the service exists. An announcement that arrives before the snapshot is
  // built is answered at once: that write is committed, and the catch-up `prepare` runs before this
  // worker listens reads it. Later ones are answered once the snapshot has the version.
  process.on("message", (message: PrimaryMessage) => {
    if (message.t === "advance") {
      const reached = () => {
        announced = Math.max(announced, message.version);
        void send({ t: "reached", ticket: message.ticket });
      };
      if (service === undefined) reached();
      else void service.core.sync.waitFor(message.version, ANNOUNCE_TIMEOUT_MS).then(reached);
    } else if (message.t === "announced") {
      waiting.get(message.seq)?.();
    } else if (message.t === "shutdown") {
      void (async () => {
        await service?.close().catch(() => undefined);
        process.exit(0);
      })();
    }
  });
  // A Ctrl-C reaches every process of the group; the primary decides when and how workers stop.
  process.on("SIGINT", () => undefined);
  process.on("SIGTERM", () => undefined);
  await send({ t: "hello" });

  const announce = (version: number) =>
    new Promise<void>((resolve) => {
      const s = ++seq;
      const done = () => {
        clearTimeout(timer);
        waiting.delete(s);
        resolve();
      };
      const timer = setTimeout(done, ANNOUNCE_TIMEOUT_MS);
      waiting.set(s, done);
      void send({ t: "announce", seq: s, version });
    });

  try {
    const running = await startAuthz(config, {
      async prepare(s) {
        service = s;
        const { app, core } = s;
        app.addHook("onRequest", (_req, reply, done) => {
          reply.header(WORKER_HEADER, id);
          done();
        });
        app.addHook("onSend", async (req) => {
          if (req.method === "GET" || req.method === "HEAD") return;
          const version = core.sync.version;
          if (version <= announced) return;
          announced = version;
          await announce(version);
        });
        if (core.store.dialect === "sqlite") {
          const poll = setInterval(() => void core.sync.catchUp().catch(() => undefined), SQLITE_POLL_MS);
          poll.unref();
        }
        await core.sync.catchUp();
      },
    });
    announced = Math.max(announced, running.service.core.sync.version);
    await send({ t: "listening", url: running.url, scope: running.service.core.scope });
  } catch (err) {
    service = undefined;
    const e = err as { code?: string; port?: number; address?: string; message?: string };
    await send({
      t: "start-error",
      code: e.code,
      port: e.port,
      address: e.address,
      message: e.message ?? String(err),
    });
    process.exit(1);
  }
}
