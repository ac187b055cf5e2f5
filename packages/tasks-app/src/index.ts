export { buildTasksApp } from "./app.ts";
export {
  ConfigError,
  DEFAULT_MAPPING,
  decisionTimeoutMs,
  groupRoleMapping,
  loadTasksAppConfig,
  sessionRecheckMs,
  type TasksAppConfig,
} from "./config.ts";
export { backfillOwners } from "./fine-grained/owners.ts";
export {
  createTasksContext,
  type RunningTasksApp,
  startTasksApp,
  WEB_DIST,
} from "./server.ts";
