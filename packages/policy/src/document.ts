import type { PolicyEngine } from "./engine.ts";
import type { PolicyDocument } from "./model.ts";

/** Loads a whole policy document into an engine, in dependency order. */
export function loadPolicyDocument(engine: PolicyEngine, doc: PolicyDocument): void {
  for (const resource of doc.resources) engine.upsertResource(resource);
  engine.upsertRoles(doc.roles);
  // Relations first: a resource role's derivations name them.
  for (const relation of doc.relations ?? []) engine.upsertRelation(relation);
  for (const role of doc.resource_roles ?? []) engine.upsertResourceRole(role);
  for (const set of doc.condition_sets ?? []) engine.upsertConditionSet(set);
  for (const rule of doc.set_rules ?? []) engine.addSetRule(rule);
  for (const tenant of doc.tenants ?? []) engine.upsertTenant(tenant);
  for (const user of doc.users ?? []) engine.upsertUser(user);
  for (const instance of doc.resource_instances ?? []) engine.upsertInstance(instance);
  for (const tuple of doc.relationship_tuples ?? []) engine.addTuple(tuple);
  for (const assignment of doc.role_assignments ?? []) engine.assign(assignment);
}
