import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { buildUserPoolApp, type UserPoolAppOptions, userPoolContext } from "./app.ts";
import { databaseFile, parseUserPoolConfig, type UserPoolConfig } from "./config.ts";
import { issuerOf } from "./domain/context.ts";
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
 * Builds, listens and seeds. Port 0 picks a free port; the returned `url` tells which.
 *
 * @example
 * const pool = await startUserPool({ ...parseUserPoolConfig(), port: 0 }, { seed });
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

/** The banner: what is running where, and how to reach each pool and client. */
export async function describeUserPool(pool: RunningUserPool, config: UserPoolConfig): Promise<string> {
  const ctx = userPoolContext(pool.app);
  const lines = [
    "Tollgate user pool (Cognito-compatible)",
    `  listening        ${pool.url}${config.host === "127.0.0.1" || config.host === "localhost" ? " (loopback only)" : ""}`,
    `  public URL       ${pool.publicUrl}`,
    `  AWS SDK endpoint ${pool.url}  (any dummy credentials; region ${config.region})`,
    `  data             ${databaseFile(config)}`,
  ];
  for (const p of await ctx.stores.pools.list()) {
    const issuer = issuerOf(ctx, p.id);
    lines.push(
      `  pool ${p.id} "${p.name}"`,
      `    issuer         ${issuer}`,
      `    discovery      ${issuer}/.well-known/openid-configuration`,
    );
    for (const c of await ctx.stores.clients.listByPool(p.id)) {
      const callback = c.settings.CallbackURLs?.[0];
      lines.push(`    client ${c.id} "${c.name}"${c.secret ? " (confidential)" : ""}`);
      if (callback && c.settings.AllowedOAuthFlows?.includes("code"))
        lines.push(
          `      sign-in      ${pool.publicUrl}/oauth2/authorize?${new URLSearchParams({ client_id: c.id, response_type: "code", scope: "openid", redirect_uri: callback })}`,
        );
    }
  }
  if (config.showCodes)
    lines.push(
      "  local mode: confirmation codes and temporary passwords are printed here and shown on the pages",
    );
  return lines.join("\n");
}

/**
 * Starts from the environment (USER_POOL_HOST, USER_POOL_PORT, USER_POOL_PUBLIC_URL, TOLLGATE_DATA_DIR,
 * USER_POOL_SEED, …), prints the banner and stops cleanly on SIGINT/SIGTERM.
 */
export async function startUserPoolFromEnv(
  overrides: Partial<UserPoolConfig> = {},
): Promise<RunningUserPool> {
  const config = { ...parseUserPoolConfig(process.env), ...overrides };
  const pool = await startUserPool(config);
  console.log(await describeUserPool(pool, config));
  const stop = () => {
    void pool.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return pool;
}
