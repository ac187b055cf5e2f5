export { isPostgresUrl, migrateToLatest, openPostgresKysely } from "./database.ts";
export {
  ConfigError,
  type Env,
  envBoolean,
  envEnum,
  envHost,
  envInteger,
  envPort,
  envRequired,
  envString,
  envUrl,
} from "./env.ts";
export {
  type ComponentFacts,
  type ComponentStatus,
  type HealthOptions,
  healthRoutes,
  type ReadinessBody,
  type ReadinessCheck,
  readiness,
} from "./health.ts";
export { jsonLogger, LOG_LEVELS, type LogLevel } from "./logger.ts";
export {
  ensurePrivateDir,
  ensurePrivateFile,
  PRIVATE_DIR_MODE,
  PRIVATE_FILE_MODE,
  securePrivateDatabaseFiles,
} from "./private-files.ts";
export { writePrivateFile } from "./private-write.ts";
export {
  applyPragmas,
  BUSY_TIMEOUT_MS,
  ImmediateSqliteDialect,
  openSqliteConnection,
  openSqliteKysely,
} from "./sqlite.ts";
