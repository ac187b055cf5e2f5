/**
 * The fine-grained part of a policy file (relations, resource roles with their derivations,
 * condition sets, set rules) planned against the live policy: the same create/update/prune
 * shape as resources and roles, idempotent (an applied file plans nothing).
 */
import type {
  ConditionSetDef,
  PolicyDocument,
  RelationDef,
  ResourceRoleDef,
  SetRuleDef,
} from "@tollgate/policy";
import { jsonEqual, setRuleKey } from "@tollgate/policy";

export type ModelStep =
  | { op: "create_relation"; relation: RelationDef }
  | { op: "delete_relation"; resource: string; key: string }
  | { op: "create_resource_role"; role: ResourceRoleDef }
  | { op: "update_resource_role"; role: ResourceRoleDef }
  | { op: "delete_resource_role"; resource: string; key: string }
  | { op: "create_condition_set"; set: ConditionSetDef }
  | { op: "update_condition_set"; set: ConditionSetDef }
  | { op: "delete_condition_set"; key: string }
  | { op: "create_set_rule"; rule: SetRuleDef }
  | { op: "delete_set_rule"; rule: SetRuleDef };

const roleId = (r: { resource: string; key: string }) => `${r.resource}#${r.key}`;

function derivations(role: ResourceRoleDef): unknown {
  const rules = (role.granted_to?.users_with_role ?? []).map(
    (d) => `${d.on_resource}#${d.role}@${d.linked_by_relation}`,
  );
  return { rules: rules.sort(), noDirect: role.granted_to?.when?.no_direct_roles_on_object === true };
}

function sameRole(a: ResourceRoleDef, b: ResourceRoleDef): boolean {
  return (
    a.name === b.name &&
    (b.description === undefined || a.description === b.description) &&
    jsonEqual([...a.permissions].sort(), [...b.permissions].sort()) &&
    jsonEqual(derivations(a), derivations(b))
  );
}

/**
 * Steps in an order that always applies: relations, then resource roles created without
 * derivations and updated with them once every role exists, then condition sets and rules;
 * deletions (when pruning) come back to front, last.
 */
export function planModel(
  current: PolicyDocument,
  desired: PolicyDocument,
  prune: boolean,
): { steps: ModelStep[]; late: ModelStep[] } {
  const steps: ModelStep[] = [];
  const derive: ModelStep[] = [];
  const late: ModelStep[] = [];

  const haveRelations = new Set((current.relations ?? []).map(roleId));
  for (const rel of desired.relations ?? [])
    if (!haveRelations.has(roleId(rel))) steps.push({ op: "create_relation", relation: rel });

  const haveRoles = new Map((current.resource_roles ?? []).map((r) => [roleId(r), r]));
  for (const want of desired.resource_roles ?? []) {
    const have = haveRoles.get(roleId(want));
    const hasDerivations =
      (want.granted_to?.users_with_role ?? []).length > 0 || want.granted_to?.when !== undefined;
    if (have === undefined) {
      steps.push({ op: "create_resource_role", role: { ...want, granted_to: undefined } });
      if (hasDerivations) derive.push({ op: "update_resource_role", role: want });
    } else if (!sameRole(have, want)) {
      derive.push({ op: "update_resource_role", role: want });
    }
  }
  steps.push(...derive);

  const haveSets = new Map((current.condition_sets ?? []).map((s) => [s.key, s]));
  for (const want of desired.condition_sets ?? []) {
    const have = haveSets.get(want.key);
    if (have === undefined) steps.push({ op: "create_condition_set", set: want });
    else if (have.name !== want.name || !jsonEqual(have.conditions ?? {}, want.conditions ?? {}))
      steps.push({ op: "update_condition_set", set: want });
  }
  const haveRules = new Set((current.set_rules ?? []).map(setRuleKey));
  for (const rule of desired.set_rules ?? [])
    if (!haveRules.has(setRuleKey(rule))) steps.push({ op: "create_set_rule", rule });

  if (prune) {
    const wantRules = new Set((desired.set_rules ?? []).map(setRuleKey));
    for (const r of current.set_rules ?? [])
      if (!wantRules.has(setRuleKey(r))) late.push({ op: "delete_set_rule", rule: r });
    const wantSets = new Set((desired.condition_sets ?? []).map((s) => s.key));
    for (const s of current.condition_sets ?? [])
      if (!wantSets.has(s.key)) late.push({ op: "delete_condition_set", key: s.key });
    const wantRoles = new Set((desired.resource_roles ?? []).map(roleId));
    for (const r of current.resource_roles ?? [])
      if (!wantRoles.has(roleId(r)))
        late.push({ op: "delete_resource_role", resource: r.resource, key: r.key });
    const wantRelations = new Set((desired.relations ?? []).map(roleId));
    for (const r of current.relations ?? [])
      if (!wantRelations.has(roleId(r)))
        late.push({ op: "delete_relation", resource: r.resource, key: r.key });
  }
  return { steps, late };
}

export function describeModelStep(step: ModelStep): string {
  switch (step.op) {
    case "create_relation":
      return `+ relation ${step.relation.resource}.${step.relation.key} → ${step.relation.subject_resource}`;
    case "delete_relation":
      return `- relation ${step.resource}.${step.key}`;
    case "create_resource_role":
      return `+ resource role ${step.role.resource}#${step.role.key} (${step.role.permissions.join(", ")})`;
    case "update_resource_role": {
      const rules = step.role.granted_to?.users_with_role ?? [];
      const from = rules.map((d) => `${d.on_resource}#${d.role} via ${d.linked_by_relation}`).join(", ");
      return `~ resource role ${step.role.resource}#${step.role.key}${from ? ` ← ${from}` : ""}`;
    }
    case "delete_resource_role":
      return `- resource role ${step.resource}#${step.key}`;
    case "create_condition_set":
      return `+ ${step.set.type} ${step.set.key}`;
    case "update_condition_set":
      return `~ ${step.set.type} ${step.set.key}`;
    case "delete_condition_set":
      return `- condition set ${step.key}`;
    case "create_set_rule":
      return `+ rule ${step.rule.user_set} → ${step.rule.permission} → ${step.rule.resource_set}`;
    case "delete_set_rule":
      return `- rule ${step.rule.user_set} → ${step.rule.permission} → ${step.rule.resource_set}`;
  }
}
