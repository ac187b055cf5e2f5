import type { CheckInput, Decision } from "@tollgate/policy";
import { type Static, Type } from "typebox";
import type { AuditLog } from "../../audit/audit-log.ts";
import type { AuthzCore } from "../../service/context.ts";
import type { Api } from "../plumbing.ts";
import {
  AuthorizedUsersRequest,
  BulkCheckRequest,
  CheckRequest,
  CheckResponse,
  type PdpUser,
  UserPermissionsRequest,
} from "../schemas.ts";

const tags = ["decisions"];

export function userKeyOf(user: Static<typeof PdpUser>): string {
  return typeof user === "string" ? user : user.key;
}

/** Attributes passed in the check (ABAC's JIT input) travel with it; everything else is looked up. */
export function toCheckInput(body: Static<typeof CheckRequest>): CheckInput {
  const user = body.user;
  return {
    user: userKeyOf(user),
    userAttributes: typeof user === "string" ? undefined : user.attributes,
    action: body.action,
    resource: {
      type: body.resource.type,
      key: body.resource.key,
      tenant: body.resource.tenant,
      attributes: body.resource.attributes,
    },
    context: body.context,
  };
}

export function decisionBody(d: Decision) {
  return {
    allow: d.allow,
    result: d.allow,
    debug: { reason: d.reason, tenant: d.tenant, granted_by: d.grantedBy, via: d.via, path: d.path },
  };
}

/** The PDP surface the SDK's `check`, `bulkCheck` and `getUserPermissions` call. Always 200 on success. */
export function pdpRoutes(
  api: Api,
  core: AuthzCore,
  audit: AuditLog,
  metrics?: { decision(d: Decision): void },
): void {
  const decide = (input: CheckInput): Decision => {
    const decision = core.engine.check(input);
    metrics?.decision(decision);
    audit.record({
      user: input.user,
      action: input.action,
      type: input.resource.type,
      key: input.resource.key,
      decision,
    });
    return decision;
  };

  api.post(
    "/allowed",
    { schema: { tags, body: CheckRequest, response: { 200: CheckResponse } } },
    async (req) => decisionBody(decide(toCheckInput(req.body))),
  );

  api.post(
    "/allowed/bulk",
    {
      schema: {
        tags,
        body: BulkCheckRequest,
        response: { 200: Type.Object({ allow: Type.Array(CheckResponse) }) },
      },
    },
    async (req) => ({ allow: req.body.map((item) => decisionBody(decide(toCheckInput(item)))) }),
  );

  api.post("/user-permissions", { schema: { tags, body: UserPermissionsRequest } }, async (req) => {
    const b = req.body;
    const resourceTypes = b.resource_types ?? b.resource_type;
    const resources = b.resources ?? b.resource;
    return core.engine.userPermissions(userKeyOf(b.user), { tenants: b.tenants, resourceTypes, resources });
  });

  api.post("/authorized_users", { schema: { tags, body: AuthorizedUsersRequest } }, async (req) =>
    core.engine.authorizedUsers(
      req.body.action,
      {
        type: req.body.resource.type,
        key: req.body.resource.key,
        tenant: req.body.resource.tenant,
        attributes: req.body.resource.attributes,
      },
      { abac: req.body.context?.enable_abac_authorized_users === true },
    ),
  );
}
