import type { Command } from "commander";
import { LOCAL_POOL_ID } from "../stack/local-seed.ts";

/**
 * The AWS SDK, the permitio SDK and the tasks app's role mapping, loaded when `users sync` runs:
 * importing them costs about 3 s of CPU, which every other command (`tollgate authz` replicas above
 * all) would pay at start.
 */
async function load() {
  const [cognito, tasksApp, progress, connection, sync] = await Promise.all([
    import("@aws-sdk/client-cognito-identity-provider"),
    import("@tollgate/tasks-app"),
    import("cli-progress"),
    import("../permit-connection.ts"),
    import("../users-sync.ts"),
  ]);
  return {
    CognitoIdentityProviderClient: cognito.CognitoIdentityProviderClient,
    DescribeUserPoolCommand: cognito.DescribeUserPoolCommand,
    groupRoleMapping: tasksApp.groupRoleMapping,
    SingleBar: progress.SingleBar,
    ...connection,
    ...sync,
  };
}

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
    .option(
      "--user-pool-id <id>",
      `the pool (env COGNITO_USER_POOL_ID; default: the local pool, ${LOCAL_POOL_ID})`,
    )
    .option(
      "--endpoint <url>",
      "a local pool's URL (env AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER; default for the local pool: http://localhost:9229, or USER_POOL_PORT)",
    )
    .option("--region <region>", "AWS region (env AWS_REGION; default: from the pool id)")
    .option("--api-url <url>", "authorization service (env PERMIT_API_URL, default http://localhost:7766)")
    .option("--api-key <key>", "its API key (env PERMIT_API_KEY; default: the local Tollgate's)")
    .option("-d, --data-dir <dir>", "local data dir holding the generated key (env TOLLGATE_DATA_DIR)")
    .addHelpText(
      "after",
      "\nGroups map to roles as the tasks app maps them: admin, editor, viewer; a user in no mapped group gets no role (APP_DEFAULT_ROLE sets one).\nSafe to interrupt (Ctrl-C) and run again: each user's sync is idempotent.",
    )
    .action(async (flags: Flags) => {
      const {
        CognitoIdentityProviderClient,
        DescribeUserPoolCommand,
        groupRoleMapping,
        SingleBar,
        checkConnection,
        connectPermit,
        describeError,
        syncAllUsers,
      } = await load();
      // Like `tollgate policy`, which defaults to the local authz: with no pool named, the local
      // stack's pool (fixed id) on its local endpoint. A pool named without an endpoint is AWS's.
      const named = flags.userPoolId ?? (process.env.COGNITO_USER_POOL_ID || undefined);
      const userPoolId = named ?? LOCAL_POOL_ID;
      const endpoint =
        flags.endpoint ??
        (process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER || undefined) ??
        (named ? undefined : `http://localhost:${process.env.USER_POOL_PORT || 9229}`);
      const cognito = new CognitoIdentityProviderClient({
        region: flags.region ?? process.env.AWS_REGION ?? userPoolId.split("_")[0] ?? "us-east-1",
        // A local pool accepts any key unless it runs in strict SigV4 mode; then it needs the keys it
        // was given, which the caller passes as the usual AWS variables.
        ...(endpoint && {
          endpoint,
          credentials: {
            accessKeyId: process.env.AWS_ACCESS_KEY_ID || "local",
            secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY || "local",
          },
        }),
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
        await checkPool(
          () => cognito.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId })),
          userPoolId,
          endpoint,
        );
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

/** Asks the pool first, so that a pool that is down or misnamed is reported as the pool's fault. */
async function checkPool(
  describePool: () => Promise<unknown>,
  userPoolId: string,
  endpoint: string | undefined,
) {
  const where = endpoint ? `the user pool at ${endpoint}` : `the AWS user pool ${userPoolId}`;
  try {
    await describePool();
  } catch (err) {
    const e = err as { name?: string; code?: string; message?: string };
    if (e.name === "ResourceNotFoundException")
      throw new Error(
        `${where} has no pool ${userPoolId}: pass --user-pool-id (or set COGNITO_USER_POOL_ID)`,
      );
    if (e.code === "ECONNREFUSED" || e.name === "TimeoutError" || /ECONNREFUSED/.test(String(e.message)))
      throw new Error(`cannot reach ${where}: is it running? (npm start, or pass --endpoint)`);
    throw err;
  }
}
