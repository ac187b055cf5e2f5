import type { Command } from "commander";
import { exitOnStartError } from "../start-errors.ts";

/** `tollgate authz`: the Permit-compatible authorization service (packages/authz). */
export function registerAuthzCommand(program: Command): void {
  program
    .command("authz")
    .description("start the Permit-compatible authorization service (management API + PDP) alone")
    .option("-p, --port <port>", "port to listen on (env AUTHZ_PORT, default 7766)")
    .option("-H, --host <host>", "address to bind (env AUTHZ_HOST, default 127.0.0.1)")
    .option("-d, --data-dir <dir>", "where data is kept (env TOLLGATE_DATA_DIR, default ./.tollgate)")
    .option(
      "--database-url <url>",
      "postgres://... shared by any number of replicas (env AUTHZ_DATABASE_URL, default SQLite in the data dir)",
    )
    .option(
      "--log-level <level>",
      "fatal|error|warn|info|debug|trace|silent (env AUTHZ_LOG_LEVEL, default info)",
    )
    .addHelpText(
      "after",
      `
The API key is AUTHZ_API_KEY when set; otherwise one is generated on first start, kept in
<data dir>/authz-api-key (mode 0600) and printed. Point the permitio SDK at it with
  new Permit({ token, pdp: "http://localhost:7766", apiUrl: "http://localhost:7766" })`,
    )
    .action(
      async (opts: {
        port?: string;
        host?: string;
        dataDir?: string;
        logLevel?: string;
        databaseUrl?: string;
      }) => {
        const { startAuthzFromEnv } = await import("@tollgate/authz");
        await startAuthzFromEnv({
          ...process.env,
          ...(opts.port !== undefined && { AUTHZ_PORT: opts.port }),
          ...(opts.host !== undefined && { AUTHZ_HOST: opts.host }),
          ...(opts.dataDir !== undefined && { TOLLGATE_DATA_DIR: opts.dataDir }),
          ...(opts.logLevel !== undefined && { AUTHZ_LOG_LEVEL: opts.logLevel }),
          ...(opts.databaseUrl !== undefined && { AUTHZ_DATABASE_URL: opts.databaseUrl }),
        }).catch((err) => exitOnStartError("authz", err, "AUTHZ_PORT or --port"));
      },
    );
}
