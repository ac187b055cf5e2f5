import type { LoadRequest } from "../../lib/load-spec.ts";
import type { CheckSample } from "../samples.ts";
import type { PdpTarget } from "../target.ts";
import { BASE_ROLE, DERIVED_ROLES_VERSION } from "./policies.ts";

/** One principal, one resource, one action: the same question as one Tollgate `/allowed` call. */
type Variant = "roles-in-request" | "derived-roles";

function principal(sample: CheckSample, variant: Variant) {
  if (variant === "roles-in-request") return { id: sample.user, roles: [BASE_ROLE, ...sample.rolesInTenant] };
  const tenantRoles: Record<string, string[]> = {};
  for (const a of sample.assignments) {
    const roles = tenantRoles[a.tenant] ?? [];
    roles.push(a.role);
    tenantRoles[a.tenant] = roles;
  }
  return { id: sample.user, roles: [BASE_ROLE], attr: { tenant_roles: tenantRoles } };
}

function resource(sample: CheckSample, variant: Variant) {
  // Cerbos requires a resource id; Tollgate's tenant-level check has none, so any fixed id will do.
  if (variant === "roles-in-request") return { kind: sample.type, id: "any" };
  return {
    kind: sample.type,
    id: "any",
    policyVersion: DERIVED_ROLES_VERSION,
    attr: { tenant: sample.tenant },
  };
}

function toRequest(sample: CheckSample, variant: Variant): LoadRequest {
  return {
    method: "POST",
    path: "/api/check/resources",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      principal: principal(sample, variant),
      resources: [{ resource: resource(sample, variant), actions: [sample.action] }],
    }),
  };
}

interface CheckResourcesResponse {
  results?: { actions?: Record<string, string> }[];
}

export function cerbosTarget(
  server: { url: string; pid: number | undefined },
  samples: readonly CheckSample[],
  variant: Variant,
): PdpTarget {
  return {
    name: `Cerbos (${variant})`,
    url: server.url,
    pid: server.pid,
    requests: samples.map((s) => toRequest(s, variant)),
    readAllow: (body, sample) =>
      (body as CheckResourcesResponse).results?.[0]?.actions?.[sample.action] === "EFFECT_ALLOW",
  };
}
