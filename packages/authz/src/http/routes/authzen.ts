import type { Decision } from "@tollgate/policy";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import type { AuditLog } from "../../audit/audit-log.ts";
import type { AuthzCore } from "../../service/context.ts";
import {
  EvaluationsError,
  pageOf,
  resolveEvaluations,
  runEvaluations,
  toCheckRequest,
  toPermitResource,
} from "../authzen/mapping.ts";
import {
  ActionResults,
  ActionSearchRequest,
  Decision as DecisionBody,
  EvaluationRequest,
  EvaluationsRequest,
  type EvaluationT,
  ResourceResults,
  ResourceSearchRequest,
  SubjectResults,
  SubjectSearchRequest,
} from "../authzen/schemas.ts";
import type { Api } from "../plumbing.ts";
import { decisionBody, toCheckInput } from "./pdp.ts";

const tags = ["authzen"];
const PREFIX = "/access/v1";

/**
 * AuthZEN errors are a status and a plain-text message (spec §12.1.11): 400 for a request the
 * schema or the batch rules refuse, 500 with nothing internal otherwise. A deny is never an error.
 */
function plainTextErrors(
  error: FastifyError | EvaluationsError,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  if (error instanceof EvaluationsError || (error as FastifyError).validation) {
    return reply.code(400).type("text/plain; charset=utf-8").send(error.message);
  }
  const status = (error as FastifyError).statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return reply.code(status).type("text/plain; charset=utf-8").send(error.message);
  }
  request.log.error({ err: error }, "AuthZEN request failed");
  return reply.code(500).type("text/plain; charset=utf-8").send("Internal server error");
}

/**
 * The OpenID AuthZEN Authorization API 1.0 (`/access/v1/...`), beside Permit's PDP API and behind
 * the same API key, mapped onto Permit's model (see authzen/mapping.ts). Decisions go through the
 * same steps as `/allowed` (`toCheckInput`, the engine, metrics, the audit log).
 */
export function authzenRoutes(
  api: Api,
  core: AuthzCore,
  audit: AuditLog,
  metrics?: { decision(d: Decision): void },
): PromiseLike<unknown> {
  const evaluate = (e: EvaluationT) => {
    const input = toCheckInput(toCheckRequest(e));
    const decision = core.engine.check(input);
    metrics?.decision(decision);
    audit.record({
      user: input.user,
      action: input.action,
      type: input.resource.type,
      key: input.resource.key,
      decision,
    });
    return { decision: decision.allow, context: { ...decisionBody(decision).debug } };
  };
  /** Whether `evaluation` would allow, without logging it (searches are not decisions). */
  const allows = (e: EvaluationT) => core.engine.check(toCheckInput(toCheckRequest(e))).allow;

  return api.register(
    async (authzen: Api) => {
      authzen.setErrorHandler(plainTextErrors);
      // The hooks shared with Permit's routes (API key, body depth) answer through `sendError`,
      // which reads this to answer in AuthZEN's form.
      authzen.addHook("onRoute", (route) => {
        route.config = { ...route.config, plainTextErrors: true };
      });
      // Spec §12.1.12: a request id the caller sent comes back on the response.
      authzen.addHook("onSend", async (request, reply) => {
        const id = request.headers["x-request-id"];
        if (typeof id === "string" && id.length <= 256) reply.header("x-request-id", id);
      });

      authzen.post(
        "/evaluation",
        { schema: { tags, body: EvaluationRequest, response: { 200: DecisionBody } } },
        async (req) => evaluate(req.body),
      );

      authzen.post("/evaluations", { schema: { tags, body: EvaluationsRequest } }, async (req) => {
        const body = req.body;
        // Without an `evaluations` array the request is a single evaluation (spec §7.1).
        if (body.evaluations === undefined) {
          const { subject, action, resource, context } = body;
          if (!subject || !action || !resource) {
            throw new EvaluationsError("subject, action and resource are required without evaluations");
          }
          return evaluate({ subject, action, resource, ...(context !== undefined && { context }) });
        }
        const semantic = body.options?.evaluations_semantic ?? "execute_all";
        return { evaluations: runEvaluations(resolveEvaluations(body), semantic, evaluate) };
      });

      authzen.post(
        "/search/subject",
        { schema: { tags, body: SubjectSearchRequest, response: { 200: SubjectResults } } },
        async (req) => {
          const { subject, action, resource, context } = req.body;
          const permitResource = toPermitResource(resource);
          const found = core.engine.authorizedUsers(action.name, permitResource);
          const ids = Object.keys(found.users)
            .filter((id) => (found.users[id]?.length ?? 0) > 0)
            .filter((id) => allows({ subject: { type: subject.type, id }, action, resource, context }))
            .sort();
          return pageOf(
            ids.map((id) => ({ type: subject.type, id })),
            req.body.page,
          );
        },
      );

      authzen.post(
        "/search/resource",
        { schema: { tags, body: ResourceSearchRequest, response: { 200: ResourceResults } } },
        async (req) => {
          const { subject, action, resource, context } = req.body;
          const tenant = toPermitResource(resource).tenant;
          // Instances the user has permissions on are keyed `type:key` in Permit's permission map.
          const permissions = core.engine.userPermissions(subject.id, { resourceTypes: [resource.type] });
          const prefix = `${resource.type}:`;
          const ids = Object.keys(permissions)
            .filter((k) => k.startsWith(prefix) && k.length > prefix.length)
            .map((k) => k.slice(prefix.length))
            .filter((id) =>
              allows({
                subject,
                action,
                resource: { type: resource.type, id, properties: { ...resource.properties, tenant } },
                context,
              }),
            )
            .sort();
          return pageOf(
            ids.map((id) => ({ type: resource.type, id })),
            req.body.page,
          );
        },
      );

      authzen.post(
        "/search/action",
        { schema: { tags, body: ActionSearchRequest, response: { 200: ActionResults } } },
        async (req) => {
          const { subject, resource, context } = req.body;
          const { tenant } = toPermitResource(resource);
          const permissions = core.engine.userPermissions(subject.id, { tenants: [tenant] });
          // Candidates: every `type:action` the user holds anywhere relevant; kept if evaluation allows.
          const prefix = `${resource.type}:`;
          const names = new Set<string>();
          for (const entry of Object.values(permissions)) {
            for (const p of entry.permissions) if (p.startsWith(prefix)) names.add(p.slice(prefix.length));
          }
          const allowed = [...names]
            .filter((name) => allows({ subject, action: { name }, resource, context }))
            .sort();
          return pageOf(
            allowed.map((name) => ({ name })),
            req.body.page,
          );
        },
      );
    },
    { prefix: PREFIX },
  );
}

/**
 * `GET /.well-known/authzen-configuration` (spec §11): where each endpoint is, from the URL the
 * document was fetched at. Served without the API key, like any discovery document: it names
 * endpoints only.
 */
export function authzenMetadataRoute(app: Api): void {
  app.get("/.well-known/authzen-configuration", { schema: { tags } }, async (req) => {
    const base = `${req.protocol}://${req.host}`;
    return {
      policy_decision_point: base,
      access_evaluation_endpoint: `${base}${PREFIX}/evaluation`,
      access_evaluations_endpoint: `${base}${PREFIX}/evaluations`,
      search_subject_endpoint: `${base}${PREFIX}/search/subject`,
      search_resource_endpoint: `${base}${PREFIX}/search/resource`,
      search_action_endpoint: `${base}${PREFIX}/search/action`,
    };
  });
}
