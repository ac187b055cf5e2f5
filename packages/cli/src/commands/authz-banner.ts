import { existsSync } from "node:fs";
import { join } from "node:path";
import { CONSOLE_DIST, type RunningAuthzCommand } from "@tollgate/authz";

/** What `tollgate authz` prints once it serves: where, with which key, on what data. */
export function authzBanner(authz: RunningAuthzCommand): string {
  const { url, config, scope, apiKey: key } = authz;
  const workers = config.workers;
  const keyLine =
    key.source === "env"
      ? "API key      from AUTHZ_API_KEY"
      : `API key      ${key.key}\n               (${key.source === "generated" ? "generated now and " : ""}kept in ${key.file}, mode 0600)`;
  return [
    "",
    "Tollgate authorization service (Permit-compatible)",
    `  API + PDP    ${url}`,
    `  OpenAPI      ${url}/openapi.json`,
    ...(existsSync(join(CONSOLE_DIST, "index.html"))
      ? [`  Console      ${url}/#key=${encodeURIComponent(key.key)}   (this link signs you in)`]
      : [`  Console      not built: npm run build -w @tollgate/authz-console (npm start builds it)`]),
    `  Probes       ${url}/health (live), ${url}/ready (ready), ${url}/metrics`,
    `  Data         ${config.databaseUrl ? config.databaseUrl.replace(/\/\/[^@/]*@/, "//***@") : config.dataDir}`,
    `  Workers      ${workers} ${workers === 1 ? "process" : "processes sharing the port"} (AUTHZ_WORKERS or --workers)`,
    `  ${keyLine}`,
    `  Project      ${scope.project_id} (or "${scope.project_key}"), environment ${scope.environment_id} (or "${scope.environment_key}")`,
    "",
    `  SDK: new Permit({ token: "<API key>", pdp: "${url}", apiUrl: "${url}" })`,
    "",
  ].join("\n");
}
