import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Writes a run's results as `<name>-<timestamp>.json` and `latest.json` (both gitignored). The
 * timestamp is ISO 8601 with `:` replaced by `-`, so the name is valid on every filesystem.
 */
export function writeResults(dir: string, name: string, startedAt: Date, data: unknown): string {
  mkdirSync(dir, { recursive: true });
  const stamp = startedAt.toISOString().replaceAll(":", "-");
  const file = join(dir, `${name}-${stamp}.json`);
  const text = `${JSON.stringify(data, null, 2)}\n`;
  writeFileSync(file, text);
  writeFileSync(join(dir, "latest.json"), text);
  return file;
}
