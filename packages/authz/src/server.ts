import { existsSync } from "node:fs";
import { join } from "node:path";
import { resolveApiKey } from "./api-key.ts";
import { type AuthzConfig, ConfigError, loadAuthzConfig } from "./config.ts";
import { CONSOLE_DIST } from "./http/console.ts";
import { type AuthzService, createAuthzService } from "./service.ts";

export interface RunningAuthz {
  url: string;
  apiKey: string;
  service: AuthzService;
  close(): Promise<void>;
}

/** Starts the service on `config.host:config.port`. */
export async function startAuthz(
  config: AuthzConfig,
): Promise<RunningAuthz & { apiKeySource: string; apiKeyFile: string }> {
  const key = resolveApiKey(config.dataDir, config.apiKey);
  const service = await createAuthzService({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    // Structured like Fastify's own (pino) lines, so one log pipeline reads both.
    log: !["info", "debug", "trace"].includes(config.logLevel)
      ? undefined
      : (msg) => console.log(JSON.stringify({ level: 30, time: Date.now(), pid: process.pid, msg })),
    apiKeys: [key.key],
    logger: config.logLevel === "silent" ? false : { level: config.logLevel },
  });
  const address = await service.app.listen({ host: config.host, port: config.port });
  const url = address.replace("127.0.0.1", "localhost");
  return {
    url,
    apiKey: key.key,
    apiKeySource: key.source,
    apiKeyFile: key.file,
    service,
    close: () => service.close(),
  };
}

/** `tollgate authz`: reads the environment, starts, prints a banner, stops cleanly on a signal. */
export async function startAuthzFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<RunningAuthz> {
  let config: AuthzConfig;
  try {
    config = loadAuthzConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`tollgate authz: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const running = await startAuthz(config);
  const { scope } = running.service.core;
  const keyLine =
    running.apiKeySource === "env"
      ? "API key      from AUTHZ_API_KEY"
      : `API key      ${running.apiKey}\n               (${running.apiKeySource === "generated" ? "generated now and " : ""}kept in ${running.apiKeyFile}, mode 0600)`;
  console.log(
    [
      "",
      "Tollgate authorization service (Permit-compatible)",
      `  API + PDP    ${running.url}`,
      `  OpenAPI      ${running.url}/openapi.json`,
      ...(existsSync(join(CONSOLE_DIST, "index.html"))
        ? [
            `  Console      ${running.url}/#key=${encodeURIComponent(running.apiKey)}   (this link signs you in)`,
          ]
        : [`  Console      not built: npm run build -w @tollgate/authz-console (npm start builds it)`]),
      `  Data         ${config.databaseUrl ? config.databaseUrl.replace(/\/\/[^@/]*@/, "//***@") : config.dataDir}`,
      `  ${keyLine}`,
      `  Project      ${scope.project_id} (or "${scope.project_key}"), environment ${scope.environment_id} (or "${scope.environment_key}")`,
      "",
      `  SDK: new Permit({ token: "<API key>", pdp: "${running.url}", apiUrl: "${running.url}" })`,
      "",
    ].join("\n"),
  );
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return running;
}
