import type { PolicyDocument, ResourceDef, RoleDef } from "@tollgate/policy";
import { describeModelStep, type ModelStep, planModel } from "./model-plan.ts";

/** One step that brings a live policy in line with a policy file. */
export type PolicyStep =
  | { op: "create_resource"; resource: ResourceDef }
  | { op: "update_resource"; key: string; name?: string; description?: string }
  | { op: "create_action"; resource: string; action: string; name?: string | undefined }
  | { op: "delete_action"; resource: string; action: string }
  | { op: "delete_resource"; key: string }
  | { op: "create_role"; role: RoleDef }
  | { op: "update_role"; key: string; name?: string; description?: string; extends?: string[] }
  | { op: "add_permissions"; role: string; permissions: string[] }
  | { op: "remove_permissions"; role: string; permissions: string[] }
  | { op: "delete_role"; key: string }
  | ModelStep;

/**
 * The steps from `current` to `desired`, in an order that always applies (resources before the
 * roles that name them; deletions last). Without `prune`, things only in `current` are kept.
 */
export function planPolicy(current: PolicyDocument, desired: PolicyDocument, prune = false): PolicyStep[] {
  const steps: PolicyStep[] = [];
  const late: PolicyStep[] = [];
  const haveResources = new Map(current.resources.map((r) => [r.key, r]));
  for (const want of desired.resources) {
    const have = haveResources.get(want.key);
    if (!have) {
      steps.push({ op: "create_resource", resource: want });
      continue;
    }
    if (
      have.name !== want.name ||
      (want.description !== undefined && have.description !== want.description)
    ) {
      steps.push({ op: "update_resource", key: want.key, name: want.name, description: want.description });
    }
    for (const [action, def] of Object.entries(want.actions)) {
      if (!(action in have.actions))
        steps.push({ op: "create_action", resource: want.key, action, name: def.name });
    }
    if (prune) {
      for (const action of Object.keys(have.actions)) {
        if (!(action in want.actions)) late.push({ op: "delete_action", resource: want.key, action });
      }
    }
  }
  const haveRoles = new Map(current.roles.map((r) => [r.key, r]));
  const updates: PolicyStep[] = [];
  for (const want of desired.roles) {
    const have = haveRoles.get(want.key);
    if (!have) {
      // Create without parents; parents are set once every role exists.
      steps.push({ op: "create_role", role: { ...want, extends: [] } });
      if (want.extends.length > 0) updates.push({ op: "update_role", key: want.key, extends: want.extends });
      continue;
    }
    const sameParents = [...have.extends].sort().join() === [...want.extends].sort().join();
    if (
      have.name !== want.name ||
      (want.description !== undefined && have.description !== want.description) ||
      !sameParents
    ) {
      updates.push({
        op: "update_role",
        key: want.key,
        name: want.name,
        description: want.description,
        ...(!sameParents && { extends: want.extends }),
      });
    }
    const add = want.permissions.filter((p) => !have.permissions.includes(p));
    const remove = have.permissions.filter((p) => !want.permissions.includes(p));
    if (add.length > 0) steps.push({ op: "add_permissions", role: want.key, permissions: add });
    if (remove.length > 0) steps.push({ op: "remove_permissions", role: want.key, permissions: remove });
  }
  steps.push(...updates);
  if (prune) {
    const wantedRoles = new Set(desired.roles.map((r) => r.key));
    for (const r of current.roles) if (!wantedRoles.has(r.key)) late.push({ op: "delete_role", key: r.key });
    const wantedResources = new Set(desired.resources.map((r) => r.key));
    for (const r of current.resources)
      if (!wantedResources.has(r.key)) late.push({ op: "delete_resource", key: r.key });
  }
  // The fine-grained model needs the resources and tenant roles above; its deletions go first
  // among the late steps (before the resources and roles they refer to).
  const model = planModel(current, desired, prune);
  return [...steps, ...model.steps, ...model.late, ...late];
}

export function describeStep(step: PolicyStep): string {
  switch (step.op) {
    case "create_resource":
      return `+ resource ${step.resource.key} (${Object.keys(step.resource.actions).join(", ")})`;
    case "update_resource":
      return `~ resource ${step.key}`;
    case "create_action":
      return `+ action ${step.resource}:${step.action}`;
    case "delete_action":
      return `- action ${step.resource}:${step.action}`;
    case "delete_resource":
      return `- resource ${step.key}`;
    case "create_role":
      return `+ role ${step.role.key} (${step.role.permissions.length} permissions)`;
    case "update_role":
      return `~ role ${step.key}${step.extends ? ` extends [${step.extends.join(", ")}]` : ""}`;
    case "add_permissions":
      return `+ ${step.role}: ${step.permissions.join(", ")}`;
    case "remove_permissions":
      return `- ${step.role}: ${step.permissions.join(", ")}`;
    case "delete_role":
      return `- role ${step.key}`;
    default:
      return describeModelStep(step);
  }
}
