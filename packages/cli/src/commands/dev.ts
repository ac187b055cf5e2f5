import type { Command } from "commander";

/**
 * `tollgate dev` (what `npm start` runs): the whole local stack on one machine. Today that is the
 * authorization service; the user pool and the tasks app join it as they land.
 */
export function registerDevCommand(program: Command): void {
  program
    .command("dev")
    .description("start the whole local stack (what `npm start` runs)")
    .option("-d, --data-dir <dir>", "where data is kept (env TOLLGATE_DATA_DIR, default ./.tollgate)")
    .action(async (opts: { dataDir?: string }) => {
      const env = { ...process.env, ...(opts.dataDir !== undefined && { TOLLGATE_DATA_DIR: opts.dataDir }) };
      const { startAuthzFromEnv } = await import("@tollgate/authz");
      await startAuthzFromEnv(env);
    });
}
