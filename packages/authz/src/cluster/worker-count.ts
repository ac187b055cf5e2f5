import { availableParallelism } from "node:os";
import { ConfigError } from "../config.ts";

/** The most workers accepted: far past any core count, small enough to catch a typo. */
const MAX_WORKERS = 256;

/**
 * How many processes serve decisions: AUTHZ_WORKERS (or `--workers`), default one per core. One
 * means no cluster: the service runs in the `tollgate authz` process itself.
 */
export function workerCount(env: NodeJS.ProcessEnv): number {
  const raw = env.AUTHZ_WORKERS;
  if (raw === undefined || raw === "") return availableParallelism();
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_WORKERS) {
    throw new ConfigError(`AUTHZ_WORKERS must be a whole number from 1 to ${MAX_WORKERS}, got '${raw}'`);
  }
  return n;
}
