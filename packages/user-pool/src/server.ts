import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { buildUserPoolApp, type UserPoolAppOptions, userPoolContext } from "./app.ts";
import type { UserPoolConfig } from "./config.ts";
import { type SeedResult, seedUserPool, seedUserPoolFromFile } from "./seed.ts";

/** A running user pool. */
export interface RunningUserPool {
  /** Where the server listens, e.g. `http://127.0.0.1:9229` (the AWS SDK `endpoint`). */
  url: string;
  /** Public base URL; token issuers are `<publicUrl>/<poolId>`. */
  publicUrl: string;
  /** What the seed (file or object) produced, if one was given. */
  seed: SeedResult | undefined;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** Extra start options: a seed object (in addition to `config.seedFile`) and app options. */
export interface StartUserPoolOptions extends Omit<UserPoolAppOptions, "config"> {
  seed?: unknown;
}

/**
 * Builds, listens and seeds. Port 0 picks a free port; the returned `url` tells which. Closing stops
 * it; nothing here touches the process (`tollgate user-pool` prints the banner and handles signals).
 *
 * @example
 * const pool = await startUserPool({ ...loadUserPoolConfig(), port: 0 }, { seed });
 * // new CognitoIdentityProviderClient({ endpoint: pool.url, region: "us-east-1", credentials })
 * await pool.close();
 */
export async function startUserPool(
  config: UserPoolConfig,
  options: StartUserPoolOptions = {},
): Promise<RunningUserPool> {
  const app = await buildUserPoolApp({ ...options, config });
  try {
    await app.listen({ host: config.host, port: config.port });
    const ctx = userPoolContext(app);
    let seed: SeedResult | undefined;
    if (config.seedFile) seed = await seedUserPoolFromFile(ctx, config.seedFile);
    if (options.seed !== undefined) seed = await seedUserPool(ctx, options.seed);
    const { port } = app.server.address() as AddressInfo;
    const host = config.host.includes(":") ? `[${config.host}]` : config.host;
    return { url: `http://${host}:${port}`, publicUrl: ctx.baseUrl(), seed, app, close: () => app.close() };
  } catch (err) {
    await app.close();
    throw err;
  }
}
