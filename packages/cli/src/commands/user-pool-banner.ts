import {
  databaseFile,
  type RunningUserPool,
  type UserPoolConfig,
  userPoolContext,
} from "@tollgate/user-pool";

/** What `tollgate user-pool` prints once it serves: where, and how to reach each pool and client. */
export async function userPoolBanner(pool: RunningUserPool, config: UserPoolConfig): Promise<string> {
  const { stores } = userPoolContext(pool.app);
  const lines = [
    "Tollgate user pool (Cognito-compatible)",
    `  listening        ${pool.url}${config.host === "127.0.0.1" || config.host === "localhost" ? " (loopback only)" : ""}`,
    `  public URL       ${pool.publicUrl}`,
    `  AWS SDK endpoint ${pool.url}  (any dummy credentials; region ${config.region})`,
    `  probes           ${pool.url}/health (live), ${pool.url}/ready (ready), ${pool.url}/metrics`,
    `  data             ${databaseFile(config)}`,
  ];
  for (const p of await stores.pools.list()) {
    // Token issuers are the public URL and the pool id, as verifiers must be configured.
    const issuer = `${pool.publicUrl}/${p.id}`;
    lines.push(
      `  pool ${p.id} "${p.name}"`,
      `    issuer         ${issuer}`,
      `    discovery      ${issuer}/.well-known/openid-configuration`,
    );
    for (const c of await stores.clients.listByPool(p.id)) {
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
