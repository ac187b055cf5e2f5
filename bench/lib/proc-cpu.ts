import { readFileSync } from "node:fs";

/**
 * CPU time a process has used so far (user + system, all threads), from /proc/<pid>/stat. Lets the
 * bench report server CPU per request, which does not depend on how fast the load generator is.
 * `undefined` where /proc is not available.
 */
const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every mainstream Linux build

export function cpuTimeMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces; fields are counted after its closing paren.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
