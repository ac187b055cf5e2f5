import type { FastifyInstance } from "fastify";

/**
 * One readiness check: returns (or resolves) when the component can serve, throws or returns an
 * error sentence (a string) when it cannot. A ready component may return facts to show beside its
 * status (`{ version: 42 }`: numbers, strings, booleans); any other result counts as ready without
 * facts. Whatever it says is shown to whoever probes, so it names the component's state ("storage is
 * unreachable", a version), never secrets or internals.
 */
export type ReadinessCheck = () => unknown;

/** What a ready component may report beside `status: "ok"`. */
export type ComponentFacts = Record<string, string | number | boolean>;

export interface HealthOptions {
  /** Components that must be ready, by name: storage, snapshot, listener... */
  checks?: Record<string, ReadinessCheck>;
  /** How long one check may take before it counts as failed (default 2 s). */
  timeoutMs?: number;
  /**
   * Further paths that answer exactly like `/ready`, for clients that expect another name (Permit's
   * PDP also serves readiness at `/healthy`).
   */
  readyAliases?: readonly string[];
  /** Lists the probes in the service's OpenAPI document under this tag (hidden when unset). */
  openapiTag?: string;
}

export type ComponentStatus = ({ status: "ok" } & ComponentFacts) | { status: "error"; error: string };
export interface ReadinessBody {
  status: "ok" | "error";
  components: Record<string, ComponentStatus>;
}

async function run(check: ReadinessCheck, timeoutMs: number): Promise<ComponentStatus> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
  });
  try {
    const result = await Promise.race([Promise.resolve().then(check), timeout]);
    if (typeof result === "string") return { status: "error", error: result };
    return { ...factsOf(result), status: "ok" };
  } catch (err) {
    return { status: "error", error: (err as Error)?.message || "failed" };
  } finally {
    clearTimeout(timer);
  }
}

/** The plain facts a check returned (scalars only, so nothing structured leaks into a probe). */
function factsOf(result: unknown): ComponentFacts {
  if (result === null || typeof result !== "object" || Array.isArray(result)) return {};
  const facts: ComponentFacts = {};
  for (const [key, value] of Object.entries(result)) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
      facts[key] = value;
  }
  return facts;
}

/** Runs every check at once; ready only when all are. */
export async function readiness(options: HealthOptions = {}): Promise<ReadinessBody> {
  const entries = Object.entries(options.checks ?? {});
  const results = await Promise.all(entries.map(([, check]) => run(check, options.timeoutMs ?? 2000)));
  const components = Object.fromEntries(entries.map(([name], i) => [name, results[i]!]));
  return { status: results.every((r) => r.status === "ok") ? "ok" : "error", components };
}

/**
 * Liveness apart from readiness, unauthenticated, for orchestrators and `curl`:
 * - `GET /health`: the process is up and answering (always 200 `{status: "ok"}`); a failing storage
 *   must not get a live process restarted.
 * - `GET /ready`: every check passes (200) or not (503), with each component's status, so a load
 *   balancer sends traffic only to an instance that can serve it.
 *
 * @example
 * await app.register(healthRoutes, { checks: { storage: () => store.ping() } });
 */
export async function healthRoutes(app: FastifyInstance, options: HealthOptions): Promise<void> {
  const noStore = { "cache-control": "no-store" };
  const schema = options.openapiTag === undefined ? { hide: true } : { tags: [options.openapiTag] };
  app.get("/health", { schema }, async (_request, reply) => {
    reply.headers(noStore);
    return { status: "ok" as const };
  });
  for (const path of ["/ready", ...(options.readyAliases ?? [])]) {
    app.get(path, { schema }, async (_request, reply) => {
      const body = await readiness(options);
      reply.headers(noStore).code(body.status === "ok" ? 200 : 503);
      return body;
    });
  }
}
