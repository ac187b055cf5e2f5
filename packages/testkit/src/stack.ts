/** The whole local stack, started the way `npm start` starts it, on free ports and a temp data dir. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { DEMO_PASSWORD, LOCAL_CLIENT_ID, type LocalStack, startLocalStack } from "@tollgate/cli/stack";
import { Permit } from "permitio";

/** The local seed, for tests that build the pool `tollgate dev` would without starting the stack. */
export { LOCAL_CLIENT_ID, localSeed } from "@tollgate/cli/stack";

export const POLICY_FILE = resolve(import.meta.dirname, "..", "..", "..", "policy", "tutorial.json");

export interface TestStack extends LocalStack {
  dataDir: string;
  permit: Permit;
  cognito: CognitoIdentityProviderClient;
  /** Access token of a user, by password sign-in (USER_PASSWORD_AUTH). */
  accessToken(email: string, password?: string): Promise<string>;
  /** Calls the tasks app's API as that token's user. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON responses field by field.
  api(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

export async function startTestStack(
  options: {
    skipSpaBuild?: boolean;
    dataDir?: string;
    authzDatabaseUrl?: string;
    appDatabaseUrl?: string;
    policyFile?: string;
    log?: (line: string) => void;
    /** Extra environment for the stack (APP_DEFAULT_ROLE, ...). */
    env?: NodeJS.ProcessEnv;
  } = {},
): Promise<TestStack> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "tollgate-stack-"));
  const stack = await startLocalStack({
    dataDir,
    authzPort: 0,
    userPoolPort: 0,
    appPort: 0,
    policyFile: options.policyFile ?? POLICY_FILE,
    apiKey: "permit_key_stack_test_0123456789abcdef",
    skipSpaBuild: options.skipSpaBuild ?? true,
    authzDatabaseUrl: options.authzDatabaseUrl,
    appDatabaseUrl: options.appDatabaseUrl,
    log: options.log ?? (() => undefined),
    // A cheaper password hash keeps sign-ins quick in tests; production uses 2^15.
    env: { ...process.env, USER_POOL_SCRYPT_LOG2N: "12", ...options.env },
  });
  const permit = new Permit({
    token: stack.authz.apiKey,
    pdp: stack.authz.url,
    apiUrl: stack.authz.url,
    log: { level: "fatal" },
  });
  const cognito = new CognitoIdentityProviderClient({
    region: "us-east-1",
    endpoint: stack.userPool.url,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  return {
    ...stack,
    dataDir,
    permit,
    cognito,
    async accessToken(email, password = DEMO_PASSWORD) {
      const r = await cognito.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: LOCAL_CLIENT_ID,
          AuthParameters: { USERNAME: email, PASSWORD: password },
        }),
      );
      return r.AuthenticationResult!.AccessToken!;
    },
    async api(token, method, path, body) {
      const res = await fetch(`${stack.app.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined && { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    async stop() {
      cognito.destroy();
      await stack.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
