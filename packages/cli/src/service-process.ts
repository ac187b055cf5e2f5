import { ConfigError } from "@tollgate/runtime";
import { exitOnStartError } from "./start-errors.ts";

/** Exit codes of the long-running commands: a bad variable or flag is 2, a failed start 1. */
export const EXIT_CONFIG = 2;

/**
 * The one way a `tollgate` command owns a service's process (packages start and stop services, and
 * never exit): a `ConfigError` ends it with code 2 and the variable's message, a failure to listen
 * with code 1 and the fix, otherwise the banner is printed and SIGINT/SIGTERM close the service
 * (once, however many signals arrive) and exit 0.
 *
 * @example
 * await runService({ command: "authz", portVariables: "AUTHZ_PORT or --port",
 *   start: () => startAuthzFromEnv(env), banner: (authz) => authzBanner(authz) });
 */
export async function runService<T extends { close(): Promise<void> }>(options: {
  command: string;
  /** Named in the message when the port is taken, e.g. "AUTHZ_PORT or --port". */
  portVariables: string;
  /** Said after a configuration error, e.g. "(see tollgate app --help)". */
  configHint?: string;
  start: () => Promise<T>;
  banner: (running: T) => string | Promise<string>;
  /** Said before closing, e.g. "stopping...". */
  stopping?: string;
}): Promise<T> {
  let running: T;
  try {
    running = await options.start();
  } catch (err) {
    if (err instanceof ConfigError) {
      const hint = options.configHint ? ` ${options.configHint}` : "";
      console.error(`tollgate ${options.command}: ${err.message}${hint}`);
      process.exit(EXIT_CONFIG);
    }
    exitOnStartError(options.command, err, options.portVariables);
  }
  console.log(await options.banner(running));
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    if (options.stopping) console.log(options.stopping);
    await running.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return running;
}
