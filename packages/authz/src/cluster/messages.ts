import type { Scope } from "../service/context.ts";

/**
 * What the primary and its workers say to each other over the cluster's IPC channel. A write is
 * "announced": the worker that made it asks the primary to bring every other worker to its version
 * and answers the client only once they are there, so the next check on any worker sees it.
 */
export type WorkerMessage =
  /** The worker can take messages now (those sent before are lost). */
  | { t: "hello" }
  | { t: "listening"; url: string; scope: Scope }
  | { t: "start-error"; code?: string; port?: number; address?: string; message: string }
  | { t: "announce"; seq: number; version: number }
  | { t: "reached"; ticket: number };

export type PrimaryMessage =
  | { t: "advance"; ticket: number; version: number }
  | { t: "announced"; seq: number }
  | { t: "shutdown" };

/** The response header naming the worker that answered (cluster mode only). */
export const WORKER_HEADER = "x-tollgate-worker";
