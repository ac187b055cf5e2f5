/**
 * The policy package's decision cases for runners outside it: the loader, and a way to write a case
 * file's policy (and its removals) into a running authz through the Permit SDK, the writes a user's
 * app makes, so the HTTP PDP is checked against the same data as the engine.
 */
import type { DecisionCaseFile } from "@tollgate/policy/decision-cases";
import type { Permit } from "permitio";

export {
  comparable,
  type DecisionCase,
  type DecisionCaseFile,
  loadDecisionCases,
} from "@tollgate/policy/decision-cases";

/** Writes `file`'s policy through the API, then deletes its `then_remove` facts. */
export async function applyDecisionCaseFile(permit: Permit, file: DecisionCaseFile): Promise<void> {
  const p = file.policy;
  for (const r of p.resources)
    await permit.api.resources.create({
      key: r.key,
      name: r.name,
      actions: r.actions,
      attributes: r.attributes as never,
    });
  // Create roles without parents first, then add `extends` edges, so order in the file does not matter.
  for (const r of p.roles)
    await permit.api.roles.create({ key: r.key, name: r.name, permissions: r.permissions });
  for (const r of p.roles)
    if (r.extends.length > 0) await permit.api.roles.update(r.key, { extends: r.extends } as never);
  for (const rel of p.relations ?? [])
    await permit.api.resourceRelations.create(rel.resource, {
      key: rel.key,
      name: rel.name,
      subject_resource: rel.subject_resource,
    });
  for (const role of p.resource_roles ?? [])
    await permit.api.resourceRoles.create(role.resource, {
      key: role.key,
      name: role.name,
      permissions: role.permissions,
      granted_to: role.granted_to as never,
    });
  for (const tn of p.tenants ?? []) await permit.api.tenants.create(tn);
  for (const set of p.condition_sets ?? [])
    await permit.api.conditionSets.create({
      key: set.key,
      name: set.name,
      type: set.type as never,
      resource_id: set.resource,
      conditions: set.conditions as never,
    });
  for (const rule of p.set_rules ?? [])
    await permit.api.conditionSetRules.create({
      user_set: rule.user_set,
      permission: rule.permission,
      resource_set: rule.resource_set,
    });
  for (const u of p.users ?? []) await permit.api.users.sync(u);
  for (const i of p.resource_instances ?? [])
    await permit.api.resourceInstances.create({
      key: i.key,
      resource: i.resource,
      tenant: i.tenant,
      attributes: i.attributes,
    });
  for (const tuple of p.relationship_tuples ?? []) await permit.api.relationshipTuples.create(tuple);
  for (const a of p.role_assignments ?? []) await permit.api.roleAssignments.assign(a);
  const removals = file.then_remove ?? {};
  for (const tuple of removals.relationship_tuples ?? []) await permit.api.relationshipTuples.delete(tuple);
  for (const a of removals.role_assignments ?? []) await permit.api.roleAssignments.unassign(a);
  for (const d of removals.derivations ?? [])
    await permit.api.resourceRoles.deleteRoleDerivation(d.resource, d.role, d.rule);
}
