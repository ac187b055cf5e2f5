/** Builds the console for the browser tests when its build is missing or stale (shared with `tollgate dev`). */
import { CONSOLE_WEB, ensureBuilt } from "@tollgate/cli/stack";

export function ensureConsoleBuilt(): Promise<void> {
  return ensureBuilt(CONSOLE_WEB, () => undefined);
}
