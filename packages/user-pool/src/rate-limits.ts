import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";

/** The surfaces that are rate limited; each has its own budget per minute. */
export type RateLimitName = "signIn" | "signUp" | "token" | "admin";

/** Requests per minute for each surface; 0 switches that limit off. */
export type RateLimitsConfig = Record<RateLimitName, number>;

type Limiter = (
  request: FastifyRequest,
) => Promise<{ isAllowed: boolean; isExceeded?: boolean; ttlInSeconds?: number }>;

const limiters = new WeakMap<FastifyInstance, Partial<Record<RateLimitName, Limiter>>>();
const keys = new WeakMap<FastifyRequest, string>();

/**
 * Registers `@fastify/rate-limit` (in-memory, per process) without a global hook: each surface checks
 * its own budget with {@link rateLimited}, at the point where it knows the key (the username is in the
 * body), and answers in its own vocabulary.
 */
export async function registerRateLimits(app: FastifyInstance, config: RateLimitsConfig): Promise<void> {
  await app.register(rateLimit, { global: false });
  const byName: Partial<Record<RateLimitName, Limiter>> = {};
  for (const name of Object.keys(config) as RateLimitName[]) {
    const max = config[name];
    if (max <= 0) continue;
    byName[name] = app.createRateLimit({
      max,
      timeWindow: 60_000,
      keyGenerator: (request) => keys.get(request) ?? `${name}\u0000${request.ip}`,
    }) as Limiter;
  }
  limiters.set(app, byName);
}

/**
 * Counts one request against the named budget, keyed by the client's IP plus `key` (e.g. the username
 * being signed in). Returns the seconds to wait when the budget is spent, otherwise undefined.
 */
export async function rateLimited(
  request: FastifyRequest,
  name: RateLimitName,
  key = "",
): Promise<number | undefined> {
  const limiter = limiters.get(request.server)?.[name];
  if (limiter === undefined) return undefined;
  keys.set(request, `${name}\u0000${request.ip}\u0000${key.toLowerCase()}`);
  const result = await limiter(request);
  return !result.isAllowed && result.isExceeded ? Math.max(1, result.ttlInSeconds ?? 60) : undefined;
}
