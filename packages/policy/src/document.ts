import type { PolicyEngine } from "./engine.ts";
import type { PolicyDocument } from "./model.ts";

/** Loads a whole policy document into an engine, in dependency order. */
export function loadPolicyDocument(engine: PolicyEngine, doc: PolicyDocument): void {
  for (const resource of doc.resources) engine.upsertResource(resource);
  engine.upsertRoles(doc.roles);
  for (const tenant of doc.tenants ?? []) engine.upsertTenant(tenant);
  for (const user of doc.users ?? []) engine.upsertUser(user);
  for (const assignment of doc.role_assignments ?? []) engine.assign(assignment);
}
