import { chmodSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { ensurePrivateDir, PRIVATE_FILE_MODE } from "./private-files.ts";

/**
 * Writes `content` to `file`, readable by the owner only, in a directory made owner-only. The chmod
 * covers a file that already existed with a looser mode (writeFileSync's `mode` applies on creation).
 */
export function writePrivateFile(file: string, content: string): void {
  ensurePrivateDir(dirname(file));
  writeFileSync(file, content, { mode: PRIVATE_FILE_MODE });
  chmodSync(file, PRIVATE_FILE_MODE);
}
