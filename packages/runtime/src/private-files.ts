import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";

/** Owner-only modes for Tollgate's data: the directory, and every database, WAL and key file in it. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates the data directory `dir` (and its parents) if needed and makes it owner-only. An existing
 * directory is tightened too, so one an older version made 0755 is fixed on upgrade. A directory with
 * the sticky bit (/tmp and the like) is shared by design and left as it is; the files in it are still
 * made 0600 by their owners.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if ((statSync(dir).mode & 0o1000) === 0) chmodIfLooser(dir, PRIVATE_DIR_MODE);
}

/**
 * Makes `file` exist with mode 0600 before anything else opens it (or tightens it when it exists).
 * SQLite creates a database's `-wal` and `-shm` files with the database file's own mode, so this
 * covers those as well.
 */
export function ensurePrivateFile(file: string): void {
  if (existsSync(file)) chmodIfLooser(file, PRIVATE_FILE_MODE);
  else closeSync(openSync(file, "a", PRIVATE_FILE_MODE));
}

/** Tightens the database file and its companions that exist now (an upgrade, or an older SQLite). */
export function securePrivateDatabaseFiles(file: string): void {
  for (const path of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    if (existsSync(path)) chmodIfLooser(path, PRIVATE_FILE_MODE);
  }
}

function chmodIfLooser(path: string, mode: number): void {
  // Only ever remove permissions: an operator who made something stricter keeps it.
  const current = statSync(path).mode & 0o777;
  if ((current & ~mode) !== 0) chmodSync(path, current & mode);
}
