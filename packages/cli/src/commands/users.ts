import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { groupRoleMapping } from "@tollgate/tasks-app";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { checkConnection, connectPermit, describeError } from "../permit-connection.ts";
import { syncAllUsers } from "../users-sync.ts";

interface Flags {
  userPoolId?: string;
  endpoint?: string;
  region?: string;
  apiUrl?: string;
  apiKey?: string;
  dataDir?: string;
}

/** `tollgate users sync`: import every user of a user pool into the authorization service. */
export function registerUsersCommand(program: Command): void {
  const users = program.command("users").description("work with the users of the user pool");
  users
    .command("sync")
    .description(
      "import every user of a user pool (local or AWS) into the authorization service, groups → roles",
    )
    .option("--user-pool-id <id>", "the pool (env COGNITO_USER_POOL_ID)")
    .option(
      "--endpoint <url>",
      "a local pool's URL, e.g. http://localhost:9229 (env AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER)",
    )
    .option("--region <region>", "AWS region (env AWS_REGION; default: from the pool id)")
    .option("--api-url <url>", "authorization service (env PERMIT_API_URL, default http://localhost:7766)")
    .option("--api-key <key>", "its API key (env PERMIT_API_KEY; default: the local Tollgate's)")
    .option("-d, --data-dir <dir>", "local data dir holding the generated key (env TOLLGATE_DATA_DIR)")
    .addHelpText(
      "after",
      "\nGroups map to roles as the tasks app maps them: admin, editor, viewer; no group → viewer.\nSafe to interrupt (Ctrl-C) and run again: each user's sync is idempotent.",
    )
    .action(async (flags: Flags) => {
      const userPoolId = flags.userPoolId ?? process.env.COGNITO_USER_POOL_ID;
      if (!userPoolId) {
        console.error("tollgate users sync: no user pool: pass --user-pool-id or set COGNITO_USER_POOL_ID");
        process.exit(2);
      }
      const endpoint = flags.endpoint ?? process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER;
      const cognito = new CognitoIdentityProviderClient({
        region: flags.region ?? process.env.AWS_REGION ?? userPoolId.split("_")[0] ?? "us-east-1",
        ...(endpoint && { endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } }),
      });
      const controller = new AbortController();
      process.once("SIGINT", () => controller.abort());
      const bar = new SingleBar({
        format: "syncing users [{bar}] {value}/{total} | created {created} updated {updated} failed {failed}",
        stream: process.stderr,
        hideCursor: true,
      });
      try {
        const { permit, apiUrl, token } = connectPermit(flags);
        await checkConnection(apiUrl, token);
        let started = false;
        const report = await syncAllUsers({
          cognito,
          userPoolId,
          permit,
          mapping: groupRoleMapping(process.env),
          signal: controller.signal,
          onProgress: (p) => {
            if (!started) {
              bar.start(p.total, 0, { created: 0, updated: 0, failed: 0 });
              started = true;
            }
            bar.update(p.done, { created: p.created, updated: p.updated, failed: p.failed });
          },
        });
        bar.stop();
        console.log(
          `${report.interrupted ? "interrupted after" : "synced"} ${report.done} of ${report.total} users: ${report.created} created, ${report.updated} updated, ${report.failed} failed`,
        );
        for (const f of report.failures.slice(0, 20)) console.log(`  failed: ${f.username}: ${f.error}`);
        if (report.interrupted) console.log("run the same command again to finish");
        process.exitCode = report.failed > 0 || report.interrupted ? 1 : 0;
      } catch (err) {
        bar.stop();
        console.error(`tollgate users sync: ${describeError(err)}`);
        process.exitCode = 1;
      } finally {
        cognito.destroy();
      }
    });
}
