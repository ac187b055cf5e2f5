export { loadPolicyDocument } from "./document.ts";
export { PolicyEngine, RoleCycleError } from "./engine.ts";
export * from "./model.ts";
export { formatPermission, type Permission, parsePermission, tenantObjectKey } from "./permission.ts";
export { ancestorsOf, type ExtendsGraph, findCycle } from "./role-graph.ts";
