import { Type } from "typebox";
import type { AuditLog } from "../../audit/audit-log.ts";
import { type Api, pageOf } from "../plumbing.ts";
import { FactsParams, PageQuery, Paginated } from "../schemas.ts";

const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  user: Type.String(),
  action: Type.String(),
  resource_type: Type.String(),
  resource_key: Type.Union([Type.String(), Type.Null()]),
  tenant: Type.String(),
  allow: Type.Boolean(),
  reason: Type.String(),
});

/** The decision log, newest first: `/v2/pdps/{p}/{e}/audit_logs` with filters and paging. */
export function auditRoutes(api: Api, audit: AuditLog): void {
  api.get(
    "/v2/pdps/:proj_id/:env_id/audit_logs",
    {
      schema: {
        tags: ["audit"],
        params: FactsParams,
        querystring: Type.Object({
          ...PageQuery,
          user: Type.Optional(Type.String({ maxLength: 256 })),
          action: Type.Optional(Type.String({ maxLength: 256 })),
          resource: Type.Optional(Type.String({ maxLength: 256 })),
          tenant: Type.Optional(Type.String({ maxLength: 256 })),
          decision: Type.Optional(Type.Union([Type.Literal("allow"), Type.Literal("deny")])),
          after_id: Type.Optional(Type.Integer({ minimum: 0 })),
        }),
        response: { 200: Paginated(AuditEntry) },
      },
    },
    async (req) => {
      const q = req.query;
      return audit.query({
        ...pageOf(q, 50),
        user: q.user,
        action: q.action,
        resource: q.resource,
        tenant: q.tenant,
        allowed: q.decision === undefined ? undefined : q.decision === "allow",
        afterId: q.after_id,
      });
    },
  );
}
