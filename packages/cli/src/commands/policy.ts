import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import type { PermitConnectionOptions } from "../permit-connection.ts";

/**
 * The permitio SDK and the planner, loaded when a policy command runs: importing them costs about
 * 2 s of CPU, which every other command (`tollgate authz` replicas above all) would pay at start.
 */
async function load() {
  const [connection, plan, file, remote] = await Promise.all([
    import("../permit-connection.ts"),
    import("../policy/plan.ts"),
    import("../policy/policy-file.ts"),
    import("../policy/remote.ts"),
  ]);
  return { ...connection, ...plan, ...file, ...remote };
}

interface ConnectionFlags extends PermitConnectionOptions {
  prune?: boolean;
  dryRun?: boolean;
  out?: string;
}

function withConnection(cmd: Command): Command {
  return cmd
    .option("--api-url <url>", "management API (env PERMIT_API_URL, default http://localhost:7766)")
    .option("--api-key <key>", "API key (env PERMIT_API_KEY; default: the local Tollgate's generated key)")
    .option("-d, --data-dir <dir>", "local data dir holding the generated key (env TOLLGATE_DATA_DIR)");
}

/** Connects and checks the connection, so failures name their cause. */
async function connect(flags: ConnectionFlags) {
  const { connectPermit, checkConnection } = await load();
  const connection = connectPermit(flags);
  await checkConnection(connection.apiUrl, connection.token);
  return connection;
}

async function fail(err: unknown): Promise<never> {
  const { describeError } = await import("../permit-connection.ts");
  console.error(`tollgate policy: ${describeError(err)}`);
  process.exit(1);
}

/** `tollgate policy apply|diff|export`: policy as a file, applied through the SDK to Tollgate or Permit.io. */
export function registerPolicyCommand(program: Command): void {
  const policy = program
    .command("policy")
    .description("apply, diff or export the policy (resources, actions, roles)");

  withConnection(
    policy
      .command("apply <file>")
      .description("make the service's policy match the file (idempotent)")
      .option("--prune", "also delete resources, actions and roles that the file does not list")
      .option("--dry-run", "print the plan without applying it"),
  ).action(async (file: string, flags: ConnectionFlags) => {
    try {
      const { readPolicyFile, planPolicy, readPolicy, describeStep, applyStep } = await load();
      const desired = readPolicyFile(file);
      const { permit, apiUrl } = await connect(flags);
      const steps = planPolicy(await readPolicy(permit), desired, flags.prune === true);
      if (steps.length === 0) {
        console.log(`policy at ${apiUrl} already matches ${file}`);
        return;
      }
      for (const step of steps) {
        console.log(`${flags.dryRun ? "would " : ""}${describeStep(step)}`);
        if (!flags.dryRun) await applyStep(permit, step);
      }
      console.log(`${flags.dryRun ? "planned" : "applied"} ${steps.length} change(s) to ${apiUrl}`);
    } catch (err) {
      await fail(err);
    }
  });

  withConnection(
    policy
      .command("diff <file>")
      .description("show what `apply` would change; exits 1 when there are differences")
      .option("--prune", "include deletions of what the file does not list"),
  ).action(async (file: string, flags: ConnectionFlags) => {
    try {
      const { planPolicy, readPolicy, readPolicyFile, describeStep } = await load();
      const { permit } = await connect(flags);
      const steps = planPolicy(await readPolicy(permit), readPolicyFile(file), flags.prune === true);
      for (const step of steps) console.log(describeStep(step));
      if (steps.length === 0) console.log("no differences");
      process.exitCode = steps.length === 0 ? 0 : 1;
    } catch (err) {
      await fail(err);
    }
  });

  withConnection(
    policy
      .command("export")
      .description("print the service's policy as a policy file")
      .option("-o, --out <file>", "write to a file"),
  ).action(async (flags: ConnectionFlags) => {
    try {
      const { readPolicy } = await load();
      const { permit } = await connect(flags);
      const text = `${JSON.stringify(await readPolicy(permit), null, 2)}\n`;
      if (flags.out) writeFileSync(flags.out, text);
      else process.stdout.write(text);
    } catch (err) {
      await fail(err);
    }
  });
}
