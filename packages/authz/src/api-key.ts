import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ensurePrivateDir, ensurePrivateFile, writePrivateFile } from "@tollgate/runtime";

export const API_KEY_FILE = "authz-api-key";

/** A new API key in Permit's style: a prefix that says what it is, then 256 random bits. */
export function generateApiKey(): string {
  return `permit_key_${randomBytes(32).toString("base64url")}`;
}

/**
 * The key this service accepts: AUTHZ_API_KEY when set; otherwise the one generated on first start
 * and kept in `<dataDir>/authz-api-key`, readable by the owner only.
 */
export function resolveApiKey(
  dataDir: string,
  configured: string | undefined,
): { key: string; source: "env" | "file" | "generated"; file: string } {
  const file = join(dataDir, API_KEY_FILE);
  if (configured) return { key: configured, source: "env", file };
  // Before reading: a data directory an older version left world-readable is tightened now.
  ensurePrivateDir(dataDir);
  if (existsSync(file)) {
    ensurePrivateFile(file);
    const key = readFileSync(file, "utf8").trim();
    if (key.length >= 16) return { key, source: "file", file };
  }
  const key = generateApiKey();
  writePrivateFile(file, `${key}\n`);
  return { key, source: "generated", file };
}
