/** Real local services for the library's integration tests: Tollgate's authz and user pool on loopback. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { type AuthzService, createAuthzService } from "@tollgate/authz";
import { loadUserPoolConfig, type RunningUserPool, startUserPool } from "@tollgate/user-pool";
import { Permit } from "permitio";

export const POOL_ID = "us-east-1_LibTest1";
export const CLIENT_ID = "libtestclientaaaaaaaaaaaa1";
export const OTHER_CLIENT_ID = "libtestclientbbbbbbbbbbbb2";
export const PASSWORD = "Library-Test-9";
const API_KEY = "permit_key_library_integration_0123456789";

export interface Services {
  authz: AuthzService;
  authzUrl: string;
  apiKey: string;
  pool: RunningUserPool;
  issuer: string;
  permit: Permit;
  cognito: CognitoIdentityProviderClient;
  /** Moves the user pool's clock, e.g. to mint tokens that are already expired. */
  shiftClock(ms: number): void;
  signIn(username: string, clientId?: string): Promise<{ access: string; id: string; refresh: string }>;
  close(): Promise<void>;
}

export async function startServices(): Promise<Services> {
  const dir = mkdtempSync(join(tmpdir(), "tollgate-lib-"));
  const authz = await createAuthzService({ dataDir: dir, apiKeys: [API_KEY] });
  const authzUrl = await authz.app.listen({ host: "127.0.0.1", port: 0 });
  let offset = 0;
  const pool = await startUserPool(
    { ...loadUserPoolConfig({}), host: "127.0.0.1", port: 0, dataDir: dir },
    {
      clock: () => Date.now() + offset,
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      seed: {
        pools: [
          {
            id: POOL_ID,
            name: "library-test",
            usernameAttributes: ["email"],
            clients: [
              { id: CLIENT_ID, name: "app" },
              { id: OTHER_CLIENT_ID, name: "other-app" },
            ],
            groups: [{ name: "admin" }, { name: "editor" }, { name: "viewer" }],
            users: [
              {
                username: "ed@example.com",
                password: PASSWORD,
                attributes: { email: "ed@example.com", name: "Ed Itor" },
                groups: ["editor"],
              },
              { username: "nog@example.com", password: PASSWORD, attributes: { email: "nog@example.com" } },
            ],
          },
        ],
      },
    },
  );
  const permit = new Permit({ token: API_KEY, pdp: authzUrl, apiUrl: authzUrl, log: { level: "fatal" } });
  const cognito = new CognitoIdentityProviderClient({
    region: "us-east-1",
    endpoint: pool.url,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  return {
    authz,
    authzUrl,
    apiKey: API_KEY,
    pool,
    issuer: `${pool.publicUrl}/${POOL_ID}`,
    permit,
    cognito,
    shiftClock: (ms) => {
      offset = ms;
    },
    async signIn(username, clientId = CLIENT_ID) {
      const r = await cognito.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: clientId,
          AuthParameters: { USERNAME: username, PASSWORD },
        }),
      );
      const a = r.AuthenticationResult!;
      return { access: a.AccessToken!, id: a.IdToken!, refresh: a.RefreshToken! };
    },
    async close() {
      cognito.destroy();
      await pool.close();
      await authz.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
