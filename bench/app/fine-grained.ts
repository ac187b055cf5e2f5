import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { DEMO_PASSWORD, LOCAL_CLIENT_ID, LOCAL_POOL_ID, startLocalStack } from "@tollgate/cli/stack";
import { Permit } from "permitio";
import type { BenchOptions } from "../authz/options.ts";
import { quantileSorted, round } from "../lib/stats.ts";
import { printTable } from "../lib/table.ts";
import { followEvents } from "../scale/sse.ts";

const POLICY = resolve(import.meta.dirname, "..", "..", "policy", "tutorial.json");
const TASKS = 10_000;
const GUEST = "bench.guest@example.com";
const GUEST_PASSWORD = "Bench-Guest-Pass-42";

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: round(quantileSorted(sorted, 0.5), 2),
    p99: round(quantileSorted(sorted, 0.99), 2),
    max: round(sorted.at(-1) ?? Number.NaN, 2),
  };
}

/** Runs `work` over `items` with `n` in flight. */
async function pool<T>(items: readonly T[], n: number, work: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/**
 * The tasks app's per-task permissions at size: (1) `GET /api/tasks` over 10,000 tasks for a user
 * who may see 1% of them (shared as viewer, no tenant role) — filtered by one `getUserPermissions`
 * call — and for a viewer who sees all; (2) the delay from an owner's share (`POST .../shares`) to
 * the other user's page: the `tasks` event on their stream, and that event plus the list re-read
 * that shows the task.
 */
export async function benchAppFineGrained(options: BenchOptions): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(join(tmpdir(), "tollgate-bench-finegrain-"));
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
  const permit = new Permit({
    token: stack.authz.apiKey,
    pdp: stack.authz.url,
    apiUrl: stack.authz.url,
    log: { level: "fatal" },
  });
  const signIn = async (email: string, password: string) => {
    const auth = await cognito.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: LOCAL_CLIENT_ID,
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    const headers = { authorization: `Bearer ${auth.AuthenticationResult!.AccessToken!}` };
    const synced = await fetch(`${stack.app.url}/api/sync`, { method: "POST", headers });
    const sub = ((await synced.json()) as { user: { sub: string } }).user.sub;
    return { headers, sub };
  };
  try {
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: LOCAL_POOL_ID,
        Username: GUEST,
        MessageAction: "SUPPRESS",
        UserAttributes: [{ Name: "email", Value: GUEST }],
      }),
    );
    await cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: LOCAL_POOL_ID,
        Username: GUEST,
        Password: GUEST_PASSWORD,
        Permanent: true,
      }),
    );
    const editor = await signIn("editor@example.com", DEMO_PASSWORD);
    const viewer = await signIn("viewer@example.com", DEMO_PASSWORD);
    const guest = await signIn(GUEST, GUEST_PASSWORD);

    // 10,000 tasks, each an instance owned by the editor (as the app creates them); 1% shared.
    const store = stack.app.context.store;
    const now = Date.now();
    const ids = Array.from({ length: TASKS }, () => randomUUID());
    const seedStart = performance.now();
    await pool(ids, 8, async (id) => {
      await permit.api.resourceInstances.create({ key: id, resource: "task", tenant: "default" });
    });
    for (let i = 0; i < ids.length; i += 500) {
      await permit.api.roleAssignments.bulkAssign(
        ids.slice(i, i + 500).map((id) => ({
          user: editor.sub,
          role: "owner",
          resource_instance: `task:${id}`,
          tenant: "default",
        })),
      );
    }
    const shared = ids.filter((_, i) => i % 100 === 0);
    await permit.api.roleAssignments.bulkAssign(
      shared.map((id) => ({
        user: guest.sub,
        role: "viewer",
        resource_instance: `task:${id}`,
        tenant: "default",
      })),
    );
    for (const [i, id] of ids.entries()) {
      const at = new Date(now - i * 1000).toISOString();
      await store.insert({
        id,
        title: `Task ${i}`,
        done: false,
        created_by: editor.sub,
        created_by_name: "Eddie Editor",
        created_at: at,
        updated_at: at,
        project_id: null,
        confidential: false,
      });
    }
    const seedMs = performance.now() - seedStart;

    // (1) the filtered list
    const reps = options.quick ? 20 : 100;
    const timeList = async (headers: Record<string, string>, expect: number) => {
      const ms: number[] = [];
      for (let i = 0; i < reps + 3; i++) {
        const start = performance.now();
        const res = await fetch(`${stack.app.url}/api/tasks`, { headers });
        const body = (await res.json()) as { tasks: unknown[] };
        if (body.tasks.length !== expect) throw new Error(`listed ${body.tasks.length}, expected ${expect}`);
        if (i >= 3) ms.push(performance.now() - start);
      }
      return summary(ms);
    };
    const guestList = await timeList(guest.headers, shared.length);
    const viewerList = await timeList(viewer.headers, TASKS);
    const listRows = [
      { user: "shared 1% (no tenant role)", tasksInStore: TASKS, listed: shared.length, ...guestList },
      { user: "viewer (tenant-wide task:get)", tasksInStore: TASKS, listed: TASKS, ...viewerList },
    ];
    printTable(`GET /api/tasks over ${TASKS} tasks, ms (${reps} requests each)`, listRows);

    // (2) share → the other user's page
    const shares = options.quick ? 30 : 150;
    let waiting: ((at: number) => void) | undefined;
    const stream = followEvents(`${stack.app.url}/api/events`, guest.headers, (event, _data, at) => {
      if (event === "tasks") waiting?.(at);
    });
    await stream.ready;
    const toEvent: number[] = [];
    const toList: number[] = [];
    const target = ids[1]!; // not among the shared ones
    for (let i = 0; i < shares; i++) {
      const arrived = new Promise<number>((r) => {
        waiting = r;
      });
      const start = performance.now();
      const sharing = i % 2 === 0;
      const res = sharing
        ? await fetch(`${stack.app.url}/api/tasks/${target}/shares`, {
            method: "POST",
            headers: { ...editor.headers, "content-type": "application/json" },
            body: JSON.stringify({ user: guest.sub, role: "viewer" }),
          })
        : await fetch(`${stack.app.url}/api/tasks/${target}/shares/${guest.sub}`, {
            method: "DELETE",
            headers: editor.headers,
          });
      await res.arrayBuffer();
      const at = await arrived;
      waiting = undefined;
      toEvent.push(at - start);
      // What the page does on the event: re-read the list, which now has (or lacks) the task.
      const list = (await (await fetch(`${stack.app.url}/api/tasks`, { headers: guest.headers })).json()) as {
        tasks: { id: string }[];
      };
      if (list.tasks.some((t) => t.id === target) !== sharing)
        throw new Error("the list did not follow the share");
      toList.push(performance.now() - start);
      await new Promise((r) => setTimeout(r, 20)); // let stray events of this round land
    }
    stream.close();
    const eventSummary = summary(toEvent);
    const listSummary = summary(toList);
    printTable(`Share / unshare → the other user's page (${shares} changes, ${TASKS} tasks)`, [
      { measure: "ms to the tasks event on their stream", ...eventSummary, targetP99: 250 },
      { measure: "ms to their re-read list showing it", ...listSummary, targetP99: 250 },
    ]);
    return {
      seed: { tasks: TASKS, shared: shared.length, seconds: round(seedMs / 1000, 1) },
      list: listRows,
      shareToPage: {
        changes: shares,
        event: eventSummary,
        listReread: listSummary,
        targetP99Ms: 250,
        targetMet: listSummary.p99 <= 250,
      },
    };
  } finally {
    cognito.destroy();
    await stack.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
