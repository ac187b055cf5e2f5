import type { Command } from "commander";

/** `tollgate user-pool`: the Cognito-compatible user pool (packages/user-pool). */
export function registerUserPoolCommand(program: Command): void {
  program
    .command("user-pool")
    .description("start the Cognito-compatible user pool alone (not built yet: see issue 3)")
    .action(() => {
      console.error("tollgate user-pool: the user pool is not available in this build yet.");
      process.exitCode = 1;
    });
}
