/**
 * SRP sign-in (USER_SRP_AUTH → PASSWORD_VERIFIER, two requests) beside password sign-in
 * (USER_PASSWORD_AUTH, one request) against the same server at the same scrypt cost, closed loop with
 * the same concurrency. The client's half of SRP runs here with native bigint (the libraries' own math
 * is proven compatible by packages/user-pool/test/srp.test.ts); it shares the machine with the server,
 * which the numbers include.
 */
import { createHash, createHmac, randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { claimSignature, g, k, modPow, N, padHex, poolNameOf } from "@tollgate/user-pool/srp-math";

const hex = (parts: string[]) =>
  createHash("sha256")
    .update(Buffer.from(parts.join(""), "hex"))
    .digest("hex");
const big = (h: string) => BigInt(`0x${h}`);

async function call(url: string, operation: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}/`, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `AWSCognitoIdentityProviderService.${operation}`,
    },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) throw new Error(`${operation}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

function timestamp(now = new Date()): string {
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const two = (n: number) => String(n).padStart(2, "0");
  return `${days[now.getUTCDay()]} ${months[now.getUTCMonth()]} ${now.getUTCDate()} ${two(now.getUTCHours())}:${two(now.getUTCMinutes())}:${two(now.getUTCSeconds())} UTC ${now.getUTCFullYear()}`;
}

/** One complete SRP sign-in, as amazon-cognito-identity-js performs it. */
export async function srpSignIn(
  url: string,
  poolId: string,
  clientId: string,
  username: string,
  password: string,
) {
  const a = big(randomBytes(32).toString("hex"));
  const A = modPow(g, a, N);
  const started = await call(url, "InitiateAuth", {
    AuthFlow: "USER_SRP_AUTH",
    ClientId: clientId,
    AuthParameters: { USERNAME: username, SRP_A: A.toString(16) },
  });
  const p = started["ChallengeParameters"] as Record<string, string>;
  const B = big(p["SRP_B"] ?? "");
  const userId = p["USER_ID_FOR_SRP"] ?? "";
  const poolName = poolNameOf(poolId);
  const u = big(hex([padHex(A), padHex(B)]));
  const inner = createHash("sha256").update(`${poolName}${userId}:${password}`).digest("hex");
  const x = big(hex([padHex(big(p["SALT"] ?? "")), inner]));
  const S = modPow((((B - ((k * modPow(g, x, N)) % N)) % N) + N) % N, a + u * x, N);
  const prk = createHmac("sha256", Buffer.from(padHex(u), "hex"))
    .update(Buffer.from(padHex(S), "hex"))
    .digest();
  const key = createHmac("sha256", prk)
    .update(Buffer.concat([Buffer.from("Caldera Derived Key"), Buffer.from([1])]))
    .digest()
    .subarray(0, 16);
  const ts = timestamp();
  const done = await call(url, "RespondToAuthChallenge", {
    ClientId: clientId,
    ChallengeName: "PASSWORD_VERIFIER",
    Session: started["Session"],
    ChallengeResponses: {
      USERNAME: userId,
      PASSWORD_CLAIM_SECRET_BLOCK: p["SECRET_BLOCK"],
      TIMESTAMP: ts,
      PASSWORD_CLAIM_SIGNATURE: claimSignature(key, poolName, userId, p["SECRET_BLOCK"] ?? "", ts),
    },
  });
  if (!(done["AuthenticationResult"] as { AccessToken?: string } | undefined)?.AccessToken)
    throw new Error("SRP sign-in returned no tokens");
}

async function passwordSignIn(url: string, clientId: string, username: string, password: string) {
  await call(url, "InitiateAuth", {
    AuthFlow: "USER_PASSWORD_AUTH",
    ClientId: clientId,
    AuthParameters: { USERNAME: username, PASSWORD: password },
  });
}

/** `concurrency` loops for `seconds`; completed sign-ins per second and latency percentiles. */
async function closedLoop(seconds: number, concurrency: number, once: () => Promise<void>) {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        try {
          await once();
          latencies.push(performance.now() - t);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  latencies.sort((x, y) => x - y);
  const at = (q: number) => Math.round((latencies[Math.floor(q * (latencies.length - 1))] ?? 0) * 10) / 10;
  return {
    signInsPerSecond: Math.round((latencies.length / seconds) * 10) / 10,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    errors,
  };
}

/** Both flows against one running pool; returns flat fields for the results table. */
export async function benchSrpBesidePassword(
  url: string,
  pool: { poolId: string; clientId: string; username: string; password: string },
  options: { seconds: number; concurrency: number },
): Promise<Record<string, unknown>> {
  await srpSignIn(url, pool.poolId, pool.clientId, pool.username, pool.password);
  const password = await closedLoop(options.seconds, options.concurrency, () =>
    passwordSignIn(url, pool.clientId, pool.username, pool.password),
  );
  const srp = await closedLoop(options.seconds, options.concurrency, () =>
    srpSignIn(url, pool.poolId, pool.clientId, pool.username, pool.password),
  );
  const prefix = (name: string, r: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(r).map(([key, v]) => [`${name}.${key}`, v]));
  return { ...prefix("closedLoopPasswordSignIn", password), ...prefix("closedLoopSrpSignIn", srp) };
}
