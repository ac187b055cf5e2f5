import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Permit } from "permitio";

export interface PermitConnectionOptions {
  apiUrl?: string | undefined;
  pdpUrl?: string | undefined;
  apiKey?: string | undefined;
  dataDir?: string | undefined;
}

export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * A `permitio` client for the authorization service the user means: flags first, then
 * PERMIT_API_URL / PERMIT_PDP_URL / PERMIT_API_KEY, then the local Tollgate (its generated key is
 * read from the data dir). The same commands therefore work against Tollgate and Permit.io.
 */
export function connectPermit(options: PermitConnectionOptions, env: NodeJS.ProcessEnv = process.env) {
  const apiUrl = options.apiUrl ?? env.PERMIT_API_URL ?? `http://localhost:${env.AUTHZ_PORT || 7766}`;
  const pdp = options.pdpUrl ?? env.PERMIT_PDP_URL ?? apiUrl;
  let token = options.apiKey ?? env.PERMIT_API_KEY ?? env.AUTHZ_API_KEY;
  if (!token) {
    const file = join(resolve(options.dataDir ?? env.TOLLGATE_DATA_DIR ?? ".tollgate"), "authz-api-key");
    if (existsSync(file)) token = readFileSync(file, "utf8").trim();
  }
  if (!token) {
    throw new UsageError(
      "no API key: pass --api-key, set PERMIT_API_KEY, or start Tollgate once (npm start) so its key is in .tollgate/authz-api-key",
    );
  }
  return { permit: new Permit({ token, pdp, apiUrl, log: { level: "fatal" } }), apiUrl, token };
}

/** Turns SDK and network errors into one line that says what failed and what to do. */
export function describeError(err: unknown): string {
  const e = err as {
    message?: string;
    code?: string;
    response?: { status?: number; data?: { message?: string } };
  };
  if (e.response?.status)
    return `HTTP ${e.response.status}: ${e.response.data?.message || e.message || "request failed"}`;
  if (e.code === "ECONNREFUSED")
    return "cannot reach the authorization service (connection refused): is it running?";
  return e.message ?? String(err);
}

/**
 * Asks the API-key scope endpoint first, because the SDK reports every failure of that call as the
 * same opaque context error; this way the user learns whether the service is down or the key wrong.
 */
export async function checkConnection(apiUrl: string, token: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(new URL("/v2/api-key/scope", apiUrl), {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    throw new UsageError(
      `cannot reach the authorization service at ${apiUrl}: is it running? (npm start, or check --api-url)`,
    );
  }
  if (res.status === 401 || res.status === 403) {
    throw new UsageError(
      `the authorization service at ${apiUrl} rejected the API key (HTTP ${res.status}): check --api-key / PERMIT_API_KEY`,
    );
  }
  if (!res.ok)
    throw new UsageError(
      `the authorization service at ${apiUrl} answered HTTP ${res.status} to the API-key scope request`,
    );
}
