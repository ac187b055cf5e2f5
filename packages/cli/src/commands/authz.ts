import type { Command } from "commander";

/** `tollgate authz`: the Permit-compatible authorization service (packages/authz). */
export function registerAuthzCommand(program: Command): void {
  program
    .command("authz")
    .description("start the Permit-compatible authorization service alone")
    .action(async () => {
      const { startAuthzFromEnv } = await import("@tollgate/authz");
      await startAuthzFromEnv();
    });
}
