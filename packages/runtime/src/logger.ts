import type { FastifyServerOptions } from "fastify";

/** The levels of Fastify's logger (pino), plus `silent`. */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The one logger configuration every Tollgate service passes to Fastify: pino's JSON lines on stdout
 * at `level`, one object per line, with credentials redacted wherever a route logs request or response
 * headers (Fastify's own request lines carry none). Fastify brings pino, so services add no logging
 * library of their own; outside a request, log through the instance's `app.log`.
 */
export function jsonLogger(
  level: LogLevel = "info",
): Exclude<FastifyServerOptions["logger"], boolean | undefined> {
  return {
    level,
    redact: {
      paths: [
        "*.authorization",
        "*.cookie",
        "*.headers.authorization",
        "*.headers.cookie",
        '*.headers["x-api-key"]',
        '*.headers["set-cookie"]',
      ],
      censor: "[redacted]",
    },
  };
}
