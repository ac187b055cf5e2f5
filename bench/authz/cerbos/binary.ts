import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * The Cerbos server binary from the `@cerbos/cerbos-linux-x64` package. The file has been named
 * both `cerbos` and `cerbos-linux-x64` across releases, so both are tried. `undefined` when the
 * package is not installed (another platform, or a trimmed install).
 */
export function cerbosBinary(): string | undefined {
  let dir: string;
  try {
    dir = dirname(createRequire(import.meta.url).resolve("@cerbos/cerbos-linux-x64/package.json"));
  } catch {
    return undefined;
  }
  return ["cerbos", "cerbos-linux-x64"].map((name) => join(dir, name)).find((file) => existsSync(file));
}
