import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { JwtVerifier } from "aws-jwt-verify";
import { validateCognitoJwtFields } from "aws-jwt-verify/cognito-verifier";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import {
  type Logger,
  loadUserPoolConfig,
  type PoolContext,
  type RunningUserPool,
  startUserPool,
  type TriggerInvoker,
  type UserPoolConfig,
  userPoolContext,
} from "../src/index.ts";

/** A clock tests can move: `advance` shifts it, `freeze` stops it. */
export class TestClock {
  offset = 0;
  frozen: number | undefined;
  readonly now = (): number => this.frozen ?? Date.now() + this.offset;
  advance(ms: number): void {
    if (this.frozen !== undefined) this.frozen += ms;
    else this.offset += ms;
  }
  freeze(): void {
    this.frozen = this.now();
  }
}

/** Captures what the pool logs (confirmation codes, temporary passwords) instead of printing it. */
export class CapturingLogger implements Logger {
  readonly lines: string[] = [];
  readonly errors: unknown[] = [];
  info(m: string): void {
    this.lines.push(m);
  }
  warn(m: string): void {
    this.lines.push(m);
  }
  error(m: string, err?: unknown): void {
    this.lines.push(m);
    this.errors.push(err);
  }
  /** The last confirmation code logged for a username. */
  codeFor(username: string): string {
    return this.lastCode("confirmation code", username);
  }
  /** The last password reset code logged for a username (the README's way to read codes locally). */
  resetCodeFor(username: string): string {
    return this.lastCode("password reset code", username);
  }
  private lastCode(kind: string, username: string): string {
    const line = [...this.lines].reverse().find((l) => l.includes(`${kind} for ${username} is`));
    const code = line?.match(/is (\d{6})$/)?.[1];
    if (!code) throw new Error(`no ${kind} logged for ${username}`);
    return code;
  }
}

export interface TestPool {
  url: string;
  publicUrl: string;
  dir: string;
  running: RunningUserPool;
  ctx: PoolContext;
  clock: TestClock;
  log: CapturingLogger;
  cognito: CognitoIdentityProviderClient;
  /** Stops the server; the data directory stays until `cleanup` (restart tests reuse it). */
  stop(): Promise<void>;
  cleanup(): Promise<void>;
}

/**
 * Starts a real server on 127.0.0.1 port 0 with SQLite in a temp dir. scrypt runs at 2^12 here: the
 * same code path as production's 2^15, just cheap enough for a suite that signs in hundreds of times.
 */
export async function startTestPool(
  options: {
    dir?: string;
    seed?: unknown;
    triggers?: TriggerInvoker;
    clock?: TestClock;
    publicUrl?: string;
    /** Overrides of the parsed configuration (IAM credentials, rate limits, …). */
    config?: Partial<UserPoolConfig>;
    eventsKeepAliveMs?: number;
  } = {},
): Promise<TestPool> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), "tollgate-user-pool-")));
  const clock = options.clock ?? new TestClock();
  const log = new CapturingLogger();
  const config = {
    ...loadUserPoolConfig({ TOLLGATE_DATA_DIR: dir, USER_POOL_PORT: "0", USER_POOL_SCRYPT_LOG2N: "12" }),
    publicUrl: options.publicUrl,
    ...options.config,
  };
  const running = await startUserPool(config, {
    clock: clock.now,
    logger: log,
    ...(options.triggers ? { triggers: options.triggers } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.eventsKeepAliveMs !== undefined ? { eventsKeepAliveMs: options.eventsKeepAliveMs } : {}),
  });
  const cognito = new CognitoIdentityProviderClient({
    endpoint: running.url,
    region: "us-east-1",
    credentials: options.config?.iamCredentials ?? { accessKeyId: "x", secretAccessKey: "x" },
    maxAttempts: 1,
  });
  return {
    url: running.url,
    publicUrl: running.publicUrl,
    dir,
    running,
    ctx: userPoolContext(running.app),
    clock,
    log,
    cognito,
    async stop() {
      cognito.destroy();
      await running.close();
    },
    async cleanup() {
      cognito.destroy();
      await running.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * aws-jwt-verify's Node fetcher speaks https only; the local pool is http, so give the JWKS cache a
 * fetcher built on Node's fetch — the adaptation the library's maintainers recommend for emulators.
 */
export function httpJwksCache(): SimpleJwksCache {
  const fetcher = {
    async fetch(uri: string): Promise<ArrayBuffer> {
      const res = await fetch(uri);
      if (!res.ok) throw new Error(`JWKS fetch failed: ${res.status}`);
      return res.arrayBuffer();
    },
  };
  return new SimpleJwksCache({ fetcher });
}

/** The verifier an app would use against this pool (generic JwtVerifier + validateCognitoJwtFields). */
export function cognitoVerifier(issuer: string, clientId: string, tokenUse: "id" | "access") {
  return JwtVerifier.create(
    {
      issuer,
      audience: null,
      jwksUri: `${issuer}/.well-known/jwks.json`,
      customJwtCheck: ({ payload }) => validateCognitoJwtFields(payload, { tokenUse, clientId }),
    },
    { jwksCache: httpJwksCache() },
  );
}

/** A PKCE pair (S256). */
export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

/** Decodes a JWT's payload without verifying (for asserting claim sets). */
export function claimsOf(jwt: string): Record<string, unknown> {
  const part = jwt.split(".")[1];
  if (!part) throw new Error("not a JWT");
  return JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;
}

export function headerOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[0] ?? "", "base64url").toString("utf8")) as Record<
    string,
    unknown
  >;
}

/** A minimal cookie-keeping HTTP agent that does not follow redirects, to drive the hosted pages by hand. */
export class Agent {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const url = path.startsWith("http") ? path : `${this.base}${path}`;
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0)
      headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await fetch(url, { ...init, headers, redirect: "manual" });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  get(path: string): Promise<Response> {
    return this.request(path);
  }

  post(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(form).toString(),
    });
  }
}

/** The CSRF token of a hosted page. */
export function csrfOf(page: string): string {
  const token = page.match(/name="_csrf" value="([^"]+)"/)?.[1];
  if (!token) throw new Error("no CSRF token in page");
  return token;
}

/** Where a hosted page's form posts to ("" if it has none), unescaped. */
export function formActionOf(page: string): string {
  return page.match(/<form method="post" action="([^"]+)"/)?.[1]?.replace(/&amp;/g, "&") ?? "";
}

/** /oauth2/authorize parameters for an OpenID code flow with PKCE, when the test never redeems the code. */
export function codeFlowParams(clientId: string, redirectUri: string): Record<string, string> {
  return {
    client_id: clientId,
    response_type: "code",
    redirect_uri: redirectUri,
    scope: "openid",
    code_challenge: pkce().challenge,
    code_challenge_method: "S256",
  };
}

/** A hidden field's value on a hosted page. */
export function hiddenField(page: string, name: string): string | undefined {
  return page.match(new RegExp(`type="hidden" name="${name}" value="([^"]*)"`))?.[1];
}

/**
 * Signs in through /oauth2/authorize → /login → POST, returning the final redirect (to the app).
 * The login form is posted to the action the page itself names.
 */
export async function hostedSignIn(
  agent: Agent,
  params: Record<string, string>,
  username: string,
  password: string,
): Promise<Response> {
  const authorize = await agent.get(`/oauth2/authorize?${new URLSearchParams(params)}`);
  const location = authorize.headers.get("location") ?? "";
  if (!location.startsWith("/login")) return authorize;
  const page = await (await agent.get(location)).text();
  const action = formActionOf(page);
  if (!action) throw new Error("no login form");
  return agent.post(action, { _csrf: csrfOf(page), username, password });
}

/** A strong password that satisfies Cognito's default policy. */
export const PASSWORD = "Correct-Horse-9";

/** Seed users who sign in with PASSWORD and have `<username>@example.com` (verified, as seeded). */
export function usersWithEmail(usernames: string[]) {
  return usernames.map((username) => ({
    username,
    password: PASSWORD,
    attributes: { email: `${username}@example.com` },
  }));
}

/**
 * The hosted pages' usual start: one pool, one app client ("web") that may return to `callback`, and
 * users who sign in with PASSWORD.
 */
export function hostedPoolSeed(pool: {
  id: string;
  name: string;
  clientId: string;
  callback: string;
  usernames: string[];
}) {
  return {
    pools: [
      {
        id: pool.id,
        name: pool.name,
        clients: [{ id: pool.clientId, name: "web", callbackUrls: [pool.callback] }],
        users: usersWithEmail(pool.usernames),
      },
    ],
  };
}

/** Asserts a rejection by the error's name (the SDKs' exception name), and its message if given. */
export async function rejectsWith(promise: Promise<unknown>, name: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (err: Error) => {
    assert.equal(err.name, name, `${err.name}: ${err.message}`);
    if (message) assert.match(err.message, message);
    return true;
  });
}
