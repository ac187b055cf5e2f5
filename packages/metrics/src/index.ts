import type { FastifyInstance } from "fastify";
import { collectDefaultMetrics, Histogram, Registry } from "prom-client";

export { Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * Prometheus metrics for one service: its own registry (several services can share a process, as
 * in `tollgate dev` and the tests), process metrics, a request-latency histogram by route, and
 * `GET /metrics` in the text format. Like the health probes it needs no key; services bind to
 * loopback unless told otherwise.
 *
 * @example
 * ```ts
 * const metrics = installMetrics(app, "tollgate_authz");
 * const decisions = new Counter({ name: "tollgate_authz_decisions_total", help: "...", registers: [metrics] });
 * ```
 */
export function installMetrics(app: FastifyInstance, prefix: string): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: `${prefix}_` });
  const requests = new Histogram({
    name: `${prefix}_http_request_duration_seconds`,
    help: "HTTP request latency by route, method and status",
    labelNames: ["route", "method", "status"],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook("onResponse", async (request, reply) => {
    // The route pattern, not the URL: keys and ids in paths must not explode label cardinality.
    const route = request.routeOptions.url ?? "unmatched";
    if (route === "/metrics") return;
    requests.observe(
      { route, method: request.method, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  app.get("/metrics", { schema: { hide: true } }, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
  return registry;
}
