/**
 * The PDP over HTTP with the fine-grained model at the scale (100,000 instances, ~1,000,000
 * tuples, 100,000 users): start-up time and resident memory of a service loading it, then a ReBAC
 * check through a two-hop derivation and an RBAC check on the same server, under the same load,
 * side by side (target: ReBAC ≥ 80% of RBAC's throughput; start-up ≤ 60 s, ≤ 2 GB).
 *
 * The schema goes through the management API; the bulk facts are written straight into the SQLite
 * file (what a restore or migration produces), since the point is the service's start-up and
 * decisions, not 1M HTTP writes.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CheckInput } from "@tollgate/policy";
import Database from "better-sqlite3";
import { makeTempDir } from "../lib/cleanup.ts";
import { runLoad } from "../lib/load.ts";
import type { LoadRequest } from "../lib/load-spec.ts";
import { round } from "../lib/stats.ts";
import { printTable } from "../lib/table.ts";
import {
  buildModelDataset,
  MODEL_TENANT,
  type ModelDataset,
  modelSchema,
  rbacSamples,
  rebacSamples,
} from "./model-dataset.ts";
import type { BenchOptions } from "./options.ts";
import { ApiClient } from "./tollgate/client.ts";
import { startTollgate } from "./tollgate/server.ts";

function memoryOf(pid: number): { rssMiB: number; peakRssMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMiB: round(kb("VmRSS") / 1024, 0), peakRssMiB: round(kb("VmHWM") / 1024, 0) };
}

async function createSchema(url: string, apiKey: string): Promise<void> {
  const api = new ApiClient(url, apiKey);
  const scope = await api.call<{ project_id: string; environment_id: string }>("GET", "/v2/api-key/scope");
  const s = `/v2/schema/${scope.project_id}/${scope.environment_id}`;
  const f = `/v2/facts/${scope.project_id}/${scope.environment_id}`;
  const schema = modelSchema();
  for (const r of schema.resources)
    await api.call("POST", `${s}/resources`, { key: r.key, name: r.name, actions: r.actions });
  for (const r of schema.roles)
    await api.call("POST", `${s}/roles`, { key: r.key, name: r.name, permissions: r.permissions });
  for (const r of schema.relations ?? [])
    await api.call("POST", `${s}/resources/${r.resource}/relations`, {
      key: r.key,
      name: r.name,
      subject_resource: r.subject_resource,
    });
  for (const r of schema.resource_roles ?? [])
    await api.call("POST", `${s}/resources/${r.resource}/roles`, {
      key: r.key,
      name: r.name,
      permissions: r.permissions,
      granted_to: r.granted_to,
    });
  for (const c of schema.condition_sets ?? [])
    await api.call("POST", `${s}/condition_sets`, {
      key: c.key,
      name: c.name,
      type: c.type,
      resource_id: c.resource,
      conditions: c.conditions,
    });
  for (const r of schema.set_rules ?? []) await api.call("POST", `${f}/set_rules`, r);
  await api.call("POST", `${f}/tenants`, { key: MODEL_TENANT, name: "Acme" });
}

/** Writes users, assignments, instances and tuples into the service's SQLite file, in one transaction. */
function writeFacts(file: string, data: ModelDataset): void {
  const db = new Database(file);
  const at = new Date().toISOString();
  const user = db.prepare(
    "insert into users (id, key, email, first_name, last_name, attributes, created_at, updated_at) values (?, ?, null, null, null, ?, ?, ?)",
  );
  const tenantRole = db.prepare(
    "insert into role_assignments (id, user_key, role_key, tenant_key, created_at) values (?, ?, ?, ?, ?)",
  );
  const instanceRole = db.prepare(
    "insert into instance_role_assignments (id, user_key, role_key, resource_instance, tenant_key, created_at) values (?, ?, ?, ?, ?, ?)",
  );
  const instance = db.prepare(
    "insert into resource_instances (id, resource_key, key, tenant_key, attributes, created_at, updated_at) values (?, ?, ?, ?, '{}', ?, ?)",
  );
  const tuple = db.prepare(
    "insert into relationship_tuples (id, subject, relation, object, object_type, subject_type, tenant_key, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const typeOf = (id: string) => id.slice(0, id.indexOf(":"));
  db.transaction(() => {
    for (const u of data.policy.users ?? [])
      user.run(randomUUID(), u.key, JSON.stringify(u.attributes ?? {}), at, at);
    for (const a of data.policy.role_assignments ?? []) {
      if (a.resource_instance)
        instanceRole.run(randomUUID(), a.user, a.role, a.resource_instance, a.tenant, at);
      else tenantRole.run(randomUUID(), a.user, a.role, a.tenant, at);
    }
    for (const i of data.policy.resource_instances ?? [])
      instance.run(randomUUID(), i.resource, i.key, i.tenant, at, at);
    for (const t of data.policy.relationship_tuples ?? [])
      tuple.run(
        randomUUID(),
        t.subject,
        t.relation,
        t.object,
        typeOf(t.object),
        typeOf(t.subject),
        MODEL_TENANT,
        at,
      );
  })();
  db.close();
}

function toRequests(inputs: readonly CheckInput[], apiKey: string): LoadRequest[] {
  return inputs.map((i) => ({
    method: "POST",
    path: "/allowed",
    headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ user: { key: i.user }, action: i.action, resource: i.resource }),
  }));
}

export async function benchPdpModel(options: BenchOptions): Promise<Record<string, unknown>> {
  const users = options.quick ? 20_000 : 100_000;
  const data = buildModelDataset(users);
  const dataDir = makeTempDir("authz-model");
  const first = await startTollgate({ dataDir, keepDataDir: true });
  await createSchema(first.url, first.apiKey);
  await first.stop();
  const writeStart = performance.now();
  writeFacts(join(dataDir, "authz.db"), data);
  const writeMs = performance.now() - writeStart;

  const startedAt = performance.now();
  const server = await startTollgate({ dataDir, startTimeoutMs: 300_000 });
  const startupSec = (performance.now() - startedAt) / 1000;
  const memory = server.pid ? memoryOf(server.pid) : { rssMiB: 0, peakRssMiB: 0 };
  try {
    const durationSec = options.quick ? 3 : 10;
    const warmupSec = options.quick ? 1 : 3;
    const connections = 50;
    const rebac = toRequests(rebacSamples(data, 1000), server.apiKey);
    const rbac = toRequests(rbacSamples(data, 1000), server.apiKey);
    // Verify a sample answers as the model says before timing.
    const probe = await fetch(`${server.url}/allowed`, {
      method: "POST",
      headers: rebac[0]!.headers,
      body: rebac[0]!.body,
    }).then((r) => r.json() as Promise<{ allow: boolean; debug?: { path?: string } }>);
    const runs: Record<string, Awaited<ReturnType<typeof runLoad>>> = {};
    for (const [name, requests] of [
      ["rbac", rbac],
      ["rebac", rebac],
      ["rbac (again)", rbac],
      ["rebac (again)", rebac],
    ] as const) {
      runs[name] = await runLoad({
        url: server.url,
        connections,
        durationSec,
        warmupSec,
        requests: [...requests],
      });
    }
    const rps = (a: string, b: string) => (runs[a]!.requestsPerSec + runs[b]!.requestsPerSec) / 2;
    const rbacRps = rps("rbac", "rbac (again)");
    const rebacRps = rps("rebac", "rebac (again)");
    const ratio = round(rebacRps / rbacRps, 3);
    const result = {
      users,
      instances: data.instances,
      tuples: data.tuples,
      factsWriteMs: Math.round(writeMs),
      startupSec: round(startupSec, 1),
      rssMiB: memory.rssMiB,
      peakRssMiB: memory.peakRssMiB,
      firstRebacProbe: probe,
      connections,
      rbacRequestsPerSec: Math.round(rbacRps),
      rebacRequestsPerSec: Math.round(rebacRps),
      rebacToRbac: ratio,
      runs,
      targets: { startupSec: 60, rssMiB: 2048, rebacToRbac: 0.8 },
    };
    printTable("PDP with the fine-grained model (start-up, then ReBAC vs RBAC over HTTP)", [
      { measure: "data", value: `${users} users, ${data.instances} instances, ${data.tuples} tuples` },
      {
        measure: "start-up (load the snapshot)",
        value: `${result.startupSec} s — target ≤ 60 s: ${result.startupSec <= 60 ? "met" : "NOT MET"}`,
      },
      {
        measure: "resident memory after start",
        value: `${memory.rssMiB} MiB (peak ${memory.peakRssMiB}) — target ≤ 2048: ${memory.peakRssMiB <= 2048 ? "met" : "NOT MET"}`,
      },
      { measure: `RBAC /allowed, ${connections} connections`, value: `${result.rbacRequestsPerSec} req/s` },
      {
        measure: `ReBAC two-hop /allowed, ${connections} connections`,
        value: `${result.rebacRequestsPerSec} req/s`,
      },
      { measure: "ReBAC / RBAC", value: `${ratio} — target ≥ 0.8: ${ratio >= 0.8 ? "met" : "NOT MET"}` },
    ]);
    return result;
  } finally {
    await server.stop();
  }
}
