import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import { type TypeBoxTypeProvider, TypeBoxValidatorCompiler } from "@fastify/type-provider-typebox";
import { Counter, Gauge, installMetrics } from "@tollgate/metrics";
import { healthRoutes } from "@tollgate/runtime";
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from "fastify";
import { confidentialGate } from "./fine-grained/confidential-gate.ts";
import type { TasksApi } from "./routes/api.ts";
import { clearanceRoutes } from "./routes/clearance.ts";
import type { AppContext } from "./routes/context.ts";
import { sendError } from "./routes/http.ts";
import { projectRoutes } from "./routes/projects.ts";
import { sessionRoutes } from "./routes/session.ts";
import { shareRoutes } from "./routes/shares.ts";
import { taskRoutes } from "./routes/tasks.ts";
import { userRoutes } from "./routes/users.ts";

export interface TasksAppOptions {
  /** The built SPA (vite build output); served at `/` when present. */
  webDir?: string | undefined;
  logger?: FastifyServerOptions["logger"];
}

/**
 * Security headers for every response. The SPA talks to this origin and to the user pool (OIDC
 * discovery, token endpoint), so those are the only `connect-src` origins.
 */
function securityHeaders(app: FastifyInstance, ctx: AppContext): void {
  const poolOrigins = new Set([new URL(ctx.config.cognito.domainUrl).origin]);
  if (ctx.config.cognito.issuer) poolOrigins.add(new URL(ctx.config.cognito.issuer).origin);
  else poolOrigins.add(`https://cognito-idp.${ctx.config.cognito.region}.amazonaws.com`);
  const csp = [
    "default-src 'self'",
    `connect-src 'self' ${[...poolOrigins].join(" ")}`,
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join("; ");
  app.addHook("onSend", async (_req, reply) => {
    // The guard's authn/authz timings plus the whole request, so their share is visible.
    const guard = reply.getHeader("server-timing");
    reply.header(
      "server-timing",
      [guard, `total;dur=${reply.elapsedTime.toFixed(3)}`].filter(Boolean).join(", "),
    );
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "no-referrer");
    reply.header("x-frame-options", "DENY");
    reply.header("content-security-policy", csp);
  });
}

/** The tasks app's HTTP surface, without a socket: the JSON API under `/api` and the SPA. */
export async function buildTasksApp(ctx: AppContext, options: TasksAppOptions = {}): Promise<TasksApi> {
  // Browsers hold /api/events open; closing must not wait for them.
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 64 * 1024,
    forceCloseConnections: true,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      const first = error.validation[0] as { instancePath?: string; message?: string } | undefined;
      const where = `${error.validationContext ?? "body"}${first?.instancePath?.replaceAll("/", ".") ?? ""}`;
      return sendError(reply, 400, "invalid_request", `${where}: ${first?.message ?? "invalid"}`);
    }
    const status = error.statusCode ?? 500;
    if (status < 500) return sendError(reply, status, "invalid_request", error.message);
    request.log.error({ err: error }, "unexpected error");
    return sendError(reply, 500, "internal_error", "something went wrong; nothing was changed");
  });
  securityHeaders(app, ctx);
  const registry = installMetrics(app, "tollgate_app");
  ctx.metrics = {
    syncs: new Counter({
      name: "tollgate_app_user_syncs_total",
      help: "Login-time syncs into the authorization service, by outcome",
      labelNames: ["status"],
      registers: [registry],
    }),
  };
  new Gauge({
    name: "tollgate_app_live_connections",
    help: "Browsers connected to /api/events",
    registers: [registry],
    collect() {
      this.set(ctx.hub.connectionCount());
    },
  });

  // Live while the process answers; ready while its database does.
  await app.register(healthRoutes, {
    checks: {
      storage: async () => {
        await ctx.store.ping().catch(() => {
          throw new Error("storage is unreachable");
        });
      },
    },
  });
  // The API's schemas (from @tollgate/contracts) as an OpenAPI document, for clients and tools.
  await app.register(swagger, {
    openapi: {
      info: { title: "Tollgate tasks app", description: "The tutorial's tasks API.", version: "0.1.0" },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      security: [{ bearer: [] }],
    },
  });
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  sessionRoutes(app, ctx);
  confidentialGate(app, ctx);
  taskRoutes(app, ctx);
  shareRoutes(app, ctx);
  projectRoutes(app, ctx);
  clearanceRoutes(app, ctx);
  userRoutes(app, ctx);

  const webDir = options.webDir;
  const hasSpa = webDir !== undefined && existsSync(join(webDir, "index.html"));
  if (hasSpa) await app.register(fastifyStatic, { root: webDir, wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    if (hasSpa && request.method === "GET" && !request.url.startsWith("/api/")) {
      // Client-side routes (/callback, /users, ...) all load the SPA.
      return reply.type("text/html").sendFile("index.html");
    }
    return sendError(reply, 404, "not_found", `no route for ${request.method} ${request.url.split("?")[0]}`);
  });
  return app;
}
