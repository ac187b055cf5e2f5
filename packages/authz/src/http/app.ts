import swagger from "@fastify/swagger";
import { installMetrics } from "@tollgate/metrics";
import { healthRoutes, type ReadinessCheck } from "@tollgate/runtime";
import Fastify, { type FastifyServerOptions, LogController } from "fastify";
import type { AuditLog } from "../audit/audit-log.ts";
import type { AuthzCore } from "../service/context.ts";
import { type ApiKeyRing, requireApiKey } from "./auth.ts";
import { authzMetrics } from "./authz-metrics.ts";
import { consistencyHooks } from "./consistency.ts";
import { installConsole } from "./console.ts";
import { installErrorHandling } from "./errors.ts";
import {
  clientErrorHandler,
  frameworkErrors,
  rejectDeepBodies,
  strictValidatorCompiler,
} from "./hardening.ts";
import type { Api } from "./plumbing.ts";
import { readinessChecks } from "./readiness.ts";
import { conditionSetRoutes, setRuleRoutes } from "./routes/abac.ts";
import { actionGroupRoutes } from "./routes/action-groups.ts";
import { allTenantsRoute } from "./routes/all-tenants.ts";
import { auditRoutes } from "./routes/audit.ts";
import { authzenMetadataRoute, authzenRoutes } from "./routes/authzen.ts";
import { changeRoutes } from "./routes/changes.ts";
import { pdpRoutes } from "./routes/pdp.ts";
import { projectRoutes } from "./routes/projects.ts";
import { rebacFactRoutes } from "./routes/rebac-facts.ts";
import { rebacSchemaRoutes } from "./routes/rebac-schema.ts";
import { resourceRoutes } from "./routes/resources.ts";
import { roleAssignmentRoutes } from "./routes/role-assignments.ts";
import { roleRoutes } from "./routes/roles.ts";
import { checkScopeParams, scopeRoutes } from "./routes/scope.ts";
import { tenantRoutes } from "./routes/tenants.ts";
import { userRoutes } from "./routes/users.ts";

export interface AuthzAppOptions {
  core: AuthzCore;
  keys: ApiKeyRing;
  audit: AuditLog;
  /** Readiness beyond storage and snapshot (the service's change listener, when it has one). */
  readiness?: Record<string, ReadinessCheck>;
  logger?: FastifyServerOptions["logger"];
  /** The built policy console to serve at `/` (default: packages/authz-console/dist, when built). */
  consoleDir?: string;
  /** Largest accepted request body, in bytes (413 above it). */
  bodyLimit?: number;
}

/**
 * The service's HTTP surface, without a socket: the management API (`/v2/...`), the PDP
 * (`/allowed`, ...), the change stream, the audit log, `/health` and `/ready`, `/metrics` and
 * `/openapi.json`.
 */
export async function buildAuthzApp(options: AuthzAppOptions): Promise<Api> {
  const { core, keys, audit } = options;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // Change streams are long-lived; closing must not wait for subscribers to hang up.
    forceCloseConnections: true,
    // Long keys and deep JSON are rejected by schema, not by crashing the router.
    routerOptions: { maxParamLength: 512 },
    // Per-request logs would dominate the PDP's cost; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    // Bad percent-encoding, over-long segments and unparsable HTTP answer in Permit's error shape too.
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<import("@fastify/type-provider-typebox").TypeBoxTypeProvider>();
  app.setValidatorCompiler(strictValidatorCompiler);
  installErrorHandling(app, await installConsole(app, options.consoleDir));
  const metrics = authzMetrics(installMetrics(app, "tollgate_authz"), core, audit);
  app.addHook("preValidation", rejectDeepBodies);

  await app.register(swagger, {
    openapi: {
      info: {
        title: "Tollgate authorization service",
        description: "A Permit-compatible management API and PDP.",
        version: "0.1.0",
      },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      security: [{ bearer: [] }],
    },
  });

  // Unauthenticated probes: /health while the process answers; /ready (and the PDP's /healthy)
  // while storage, snapshot and listener can serve, 503 naming the one that cannot.
  await app.register(healthRoutes, {
    checks: { ...readinessChecks(core), ...options.readiness },
    readyAliases: ["/healthy"],
    openapiTag: "health",
  });
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  allTenantsRoute(app, core, keys);
  authzenMetadataRoute(app);

  await app.register(async (api: Api) => {
    api.addHook("onRequest", requireApiKey(keys));
    const consistency = consistencyHooks(core);
    api.addHook("preHandler", consistency.preHandler);
    api.addHook("onSend", consistency.onSend);
    scopeRoutes(api, core);
    projectRoutes(api, core);
    pdpRoutes(api, core, audit, metrics);
    await authzenRoutes(api, core, audit, metrics);
    changeRoutes(api, core);
    await api.register(async (pdps: Api) => {
      // The audit log's path names a project and environment too: check them like the others do.
      pdps.addHook("preHandler", checkScopeParams(core));
      auditRoutes(pdps, audit);
    });
    await api.register(
      async (schema: Api) => {
        schema.addHook("preHandler", checkScopeParams(core));
        resourceRoutes(schema, core);
        roleRoutes(schema, core);
        rebacSchemaRoutes(schema, core);
        actionGroupRoutes(schema, core);
        conditionSetRoutes(schema, core);
      },
      { prefix: "/v2/schema/:proj_id/:env_id" },
    );
    await api.register(
      async (facts: Api) => {
        facts.addHook("preHandler", checkScopeParams(core));
        userRoutes(facts, core);
        tenantRoutes(facts, core);
        roleAssignmentRoutes(facts, core);
        rebacFactRoutes(facts, core);
        setRuleRoutes(facts, core);
      },
      { prefix: "/v2/facts/:proj_id/:env_id" },
    );
  });
  return app;
}
