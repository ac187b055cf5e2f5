import { Command } from "commander";
import { registerAppCommand } from "./commands/app.ts";
import { registerAuthzCommand } from "./commands/authz.ts";
import { registerDevCommand } from "./commands/dev.ts";
import { registerPolicyCommand } from "./commands/policy.ts";
import { registerUserPoolCommand } from "./commands/user-pool.ts";
import { registerUsersCommand } from "./commands/users.ts";

/** Builds the `tollgate` program; each subcommand lives in its own file under commands/. */
export function buildProgram(): Command {
  const program = new Command("tollgate")
    .description("Cognito sign-in and Permit-style authorization, runnable anywhere")
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)");
  registerDevCommand(program);
  registerAuthzCommand(program);
  registerUserPoolCommand(program);
  registerAppCommand(program);
  registerPolicyCommand(program);
  registerUsersCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}
