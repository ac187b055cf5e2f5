export { AbacIndex, AUTOGEN_PREFIX, type CompiledRule, setRuleKey } from "./abac.ts";
export {
  type Condition,
  type ConditionContext,
  ConditionError,
  compileConditions,
  jsonEqual,
} from "./conditions.ts";
export { loadPolicyDocument } from "./document.ts";
export { PolicyEngine, RoleCycleError } from "./engine.ts";
export * from "./model.ts";
export { formatPermission, type Permission, parsePermission, tenantObjectKey } from "./permission.ts";
export { type Instance, parseInstanceId, RebacIndex } from "./rebac.ts";
export { ancestorsNearestFirst, ancestorsOf, type ExtendsGraph, findCycle } from "./role-graph.ts";
