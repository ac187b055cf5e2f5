export { buildTasksApp } from "./app.ts";
export { ConfigError, DEFAULT_MAPPING, loadTasksAppConfig, type TasksAppConfig } from "./config.ts";
export {
  createTasksContext,
  type RunningTasksApp,
  startTasksApp,
  startTasksAppFromEnv,
  WEB_DIST,
} from "./server.ts";
