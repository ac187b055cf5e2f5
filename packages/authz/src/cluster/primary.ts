import cluster, { type Worker } from "node:cluster";
import { fileURLToPath } from "node:url";
import type { Scope } from "../service/context.ts";
import type { PrimaryMessage, WorkerMessage } from "./messages.ts";

/** How long workers get to finish in-flight requests and flush the audit log when stopping. */
const STOP_GRACE_MS = 10_000;
/** A worker that dies is replaced after this pause (so a crash loop does not spin the CPU). */
const RESTART_DELAY_MS = 1000;

export interface RunningCluster {
  url: string;
  scope: Scope;
  workers(): number[];
  close(): Promise<void>;
}

/** An error from a worker's start, shaped like the listen error it reports (code, port, address). */
export class WorkerStartError extends Error {
  override name = "WorkerStartError";
  constructor(
    message: string,
    readonly code?: string,
    readonly port?: number,
    readonly address?: string,
  ) {
    super(message);
  }
}

interface Ticket {
  from: Worker;
  seq: number;
  pending: Set<number>;
}

/**
 * The primary of `tollgate authz --workers N`: it serves no requests. It starts the workers, replaces a
 * worker that dies, relays write announcements between workers, and stops them all on `close`.
 * Workers share the listening socket through the cluster module, which hands out connections in turn.
 */
export async function runClusterPrimary(
  count: number,
  env: Record<string, string>,
  log: (message: string) => void,
): Promise<RunningCluster> {
  cluster.setupPrimary({ exec: fileURLToPath(new URL("./worker-main.mjs", import.meta.url)), args: [] });
  let stopping = false;
  let serving = false;
  let nextTicket = 0;
  const tickets = new Map<number, Ticket>();
  /** Workers that take messages (said hello); others are still loading their code. */
  const reachable = new Set<Worker>();
  let started: { url: string; scope: Scope } | undefined;

  const post = (w: Worker, m: PrimaryMessage) => {
    if (w.isConnected()) w.send(m);
  };
  const settle = (ticket: number) => {
    const t = tickets.get(ticket);
    if (t === undefined || t.pending.size > 0) return;
    tickets.delete(ticket);
    post(t.from, { t: "announced", seq: t.seq });
  };

  const onMessage = (w: Worker, m: WorkerMessage) => {
    if (m.t === "announce") {
      const ticket = ++nextTicket;
      // A worker not yet reachable has not started loading, so its snapshot will include this write.
      const others = [...reachable].filter((o) => o !== w && o.isConnected());
      tickets.set(ticket, { from: w, seq: m.seq, pending: new Set(others.map((o) => o.id)) });
      for (const o of others) post(o, { t: "advance", ticket, version: m.version });
      settle(ticket);
    } else if (m.t === "reached") {
      tickets.get(m.ticket)?.pending.delete(w.id);
      settle(m.ticket);
    }
  };

  /** Forks a worker; resolves once it listens, rejects if it fails to start. */
  const fork = () =>
    new Promise<Worker>((resolve, reject) => {
      const w = cluster.fork(env);
      let listening = false;
      w.on("message", (m: WorkerMessage) => {
        if (m.t === "hello") {
          reachable.add(w);
          if (stopping) post(w, { t: "shutdown" });
        } else if (m.t === "listening") {
          listening = true;
          started ??= { url: m.url, scope: m.scope };
          resolve(w);
        } else if (m.t === "start-error") {
          reject(new WorkerStartError(m.message, m.code, m.port, m.address));
        } else onMessage(w, m);
      });
      w.on("exit", (code, signal) => {
        reachable.delete(w);
        // Whatever it was waiting for or owed, the dead worker no longer blocks anyone.
        for (const [ticket, t] of tickets) {
          if (t.from === w) tickets.delete(ticket);
          else if (t.pending.delete(w.id)) settle(ticket);
        }
        const how = signal ?? `code ${code}`;
        if (!listening) reject(new WorkerStartError(`a worker exited while starting (${how})`));
        // At start a failure is the caller's to report; once serving, keep the worker count up.
        if (stopping || !serving) return;
        log(`worker ${w.id} (pid ${w.process.pid}) exited (${how}); starting another`);
        setTimeout(() => {
          if (!stopping) fork().catch((err) => log(`a replacement worker failed to start: ${err.message}`));
        }, RESTART_DELAY_MS).unref();
      });
    });

  const stopAll = async () => {
    stopping = true;
    const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    await Promise.all(
      alive.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.isDead()) return resolve();
            const timer = setTimeout(() => w.process.kill("SIGKILL"), STOP_GRACE_MS);
            w.once("exit", () => {
              clearTimeout(timer);
              resolve();
            });
            // A worker still loading its code cannot take the message; the signal's default ends it.
            if (reachable.has(w)) post(w, { t: "shutdown" });
            else w.process.kill("SIGTERM");
          }),
      ),
    );
  };

  try {
    // Workers start together: the store was migrated before (`prepareStore`), and creating the
    // environment's ids and the default tenant is safe to race.
    await Promise.all(Array.from({ length: count }, fork));
  } catch (err) {
    await stopAll();
    throw err;
  }
  serving = true;
  const { url, scope } = started!;
  let closing: Promise<void> | undefined;
  return {
    url,
    scope,
    workers: () =>
      Object.values(cluster.workers ?? {})
        .filter((w): w is Worker => w !== undefined)
        .map((w) => w.process.pid ?? 0),
    close: () => {
      closing ??= stopAll();
      return closing;
    },
  };
}
