import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { DEMO_PASSWORD, LOCAL_CLIENT_ID, startLocalStack } from "@tollgate/cli/stack";
import { Permit } from "permitio";
import type { BenchOptions } from "../authz/options.ts";
import { runLoad } from "../lib/load.ts";
import { quantileSorted, round } from "../lib/stats.ts";
import { printTable } from "../lib/table.ts";
import { followEvents } from "../scale/sse.ts";

const POLICY = resolve(import.meta.dirname, "..", "..", "policy", "tutorial.json");

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: round(quantileSorted(sorted, 0.5), 2),
    p99: round(quantileSorted(sorted, 0.99), 2),
    max: round(sorted.at(-1) ?? Number.NaN, 2),
  };
}

/**
 * The tasks app on the local stack: (1) how long a permission change takes to reach a browser's
 * event stream, and (2) a protected API request end to end (JWT verification + permission check +
 * the database read), with the share of server time spent on authn and authz, read from the
 * guard's `Server-Timing` header.
 */
export async function benchApp(options: BenchOptions): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(join(tmpdir(), "tollgate-bench-app-"));
  const stack = await startLocalStack({
    dataDir,
    authzPort: 0,
    userPoolPort: 0,
    appPort: 0,
    policyFile: POLICY,
    skipSpaBuild: true,
    log: () => undefined,
  });
  const cognito = new CognitoIdentityProviderClient({
    region: "us-east-1",
    endpoint: stack.userPool.url,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  try {
    const auth = await cognito.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: LOCAL_CLIENT_ID,
        AuthParameters: { USERNAME: "editor@example.com", PASSWORD: DEMO_PASSWORD },
      }),
    );
    const token = auth.AuthenticationResult!.AccessToken!;
    const headers = { authorization: `Bearer ${token}` };
    await fetch(`${stack.app.url}/api/sync`, { method: "POST", headers });
    const permit = new Permit({
      token: stack.authz.apiKey,
      pdp: stack.authz.url,
      apiUrl: stack.authz.url,
      log: { level: "fatal" },
    });

    // (1) permission change → the app's SSE event
    const changes = options.quick ? 60 : 240;
    let waiting: ((at: number) => void) | undefined;
    const stream = followEvents(`${stack.app.url}/api/events`, headers, (event, _data, at) => {
      if (event === "permissions") waiting?.(at);
    });
    await stream.ready;
    const delays: number[] = [];
    for (let i = 0; i < changes; i++) {
      const arrived = new Promise<number>((r) => {
        waiting = r;
      });
      const start = performance.now();
      if (i % 2 === 0) await permit.api.roles.removePermissions("editor", ["task:update"]);
      else await permit.api.roles.assignPermissions("editor", ["task:update"]);
      delays.push((await arrived) - start);
    }
    stream.close();
    const live = summary(delays);
    printTable(`Permission change → the app's SSE event at a subscriber (${changes} changes)`, [
      { measure: "ms from the policy write to the browser event", ...live, targetP99: 250 },
    ]);

    // (2) protected request end to end
    const created = await fetch(`${stack.app.url}/api/tasks`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ title: "bench" }),
    });
    const task = (await created.json()) as { id: string };
    const path = `/api/tasks/${task.id}`;
    const samples = { authn: [] as number[], authz: [] as number[], total: [] as number[] };
    for (let i = 0; i < (options.quick ? 300 : 1500); i++) {
      const res = await fetch(`${stack.app.url}${path}`, { headers });
      await res.arrayBuffer();
      const timing = res.headers.get("server-timing") ?? "";
      const dur = (name: string) =>
        Number(new RegExp(`${name};dur=([\\d.]+)`).exec(timing)?.[1] ?? Number.NaN);
      samples.authn.push(dur("authn"));
      samples.authz.push(dur("authz"));
      samples.total.push(dur("total"));
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const share = (mean(samples.authn) + mean(samples.authz)) / mean(samples.total);
    const load = await runLoad({
      url: stack.app.url,
      connections: 20,
      durationSec: options.quick ? 3 : 10,
      warmupSec: options.quick ? 1 : 3,
      requests: [{ method: "GET", path, headers }],
    });
    const rows = [
      {
        request: `GET ${path.replace(task.id, ":id")}`,
        requestsPerSec: round(load.requestsPerSec, 0),
        p50Ms: round(load.latencyMs.p50, 2),
        p99Ms: round(load.latencyMs.p99, 2),
        non2xx: load.non2xx + load.errors,
        authnMsMean: round(mean(samples.authn), 3),
        authzMsMean: round(mean(samples.authz), 3),
        serverMsMean: round(mean(samples.total), 3),
        authShare: `${round(share * 100, 1)}%`,
      },
    ];
    printTable(
      "Protected API request end to end (JWT verification + Permit check + SQLite read), 20 connections",
      rows,
    );
    return {
      liveUpdate: { changes, ...live, targetP99Ms: 250, targetMet: live.p99 <= 250 },
      protectedRequest: rows[0],
    };
  } finally {
    cognito.destroy();
    await stack.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
