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
