/**
 * What the list-option tests share: a service on each driver (SQLite, and PostgreSQL when it is
 * reachable), the unmodified SDK pointed at it, a plain GET as Permit's REST API takes it, and one
 * small seeded model: ReBAC resources, instances whose keys hold `%` and `_`, tuples, tenant and
 * instance role assignments, and users with and without roles.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe } from "node:test";
import { TEST_API_KEY } from "@tollgate/testkit/authz";
import { createTestDatabase, PG_SKIP_REASON, pgAvailable } from "@tollgate/testkit/postgres";
import { Permit } from "permitio";
import { type AuthzService, createAuthzService } from "../src/index.ts";

const drivers = [
  {
    name: "sqlite",
    skip: async (): Promise<string | false> => false,
    async open() {
      const dir = mkdtempSync(join(tmpdir(), "tollgate-lists-"));
      return {
        options: { dataDir: dir },
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: "postgres",
    skip: async (): Promise<string | false> => ((await pgAvailable()) ? false : PG_SKIP_REASON),
    async open() {
      const db = await createTestDatabase();
      return { options: { databaseUrl: db.url }, cleanup: db.drop };
    },
  },
];

export type Json = Record<string, unknown> & { data?: Json[]; total_count?: number };

/** Seeds a small ReBAC model: two folders, documents whose keys hold `%` and `_`, tuples, roles. */
async function seed(permit: Permit): Promise<void> {
  const api = permit.api;
  await api.resources.create({ key: "folder", name: "Folder", actions: { read: {}, edit: {} } });
  await api.resources.create({ key: "document", name: "Document", actions: { read: {}, edit: {} } });
  await api.resourceRelations.create("document", {
    key: "parent",
    name: "Parent",
    subject_resource: "folder",
  });
  await api.resourceRoles.create("folder", { key: "editor", name: "Folder editor", permissions: ["edit"] });
  await api.resourceRoles.create("document", { key: "editor", name: "Doc editor", permissions: ["edit"] });
  await api.roles.create({ key: "viewer", name: "Viewer", permissions: ["document:read"] });
  await api.tenants.create({ key: "acme", name: "Acme", attributes: { tier: "gold" } });
  await api.tenants.create({ key: "beta", name: "Beta" });
  for (const key of ["alice", "bob", "carol"]) await api.users.sync({ key, email: `${key}@example.com` });
  // Two users without roles; `x_ray`'s key holds a LIKE wildcard.
  await api.users.sync({ key: "dora", email: "dora@sample.org", first_name: "Dora", last_name: "Bobbin" });
  await api.users.sync({ key: "x_ray" });
  await api.resourceInstances.create({ key: "f1", resource: "folder", tenant: "acme", attributes: { n: 1 } });
  await api.resourceInstances.create({ key: "f2", resource: "folder", tenant: "beta" });
  for (const key of ["plan_a", "planXa", "50%off", "50off"])
    await api.resourceInstances.create({ key, resource: "document", tenant: "acme", attributes: { k: key } });
  await api.relationshipTuples.create({
    subject: "folder:f1",
    relation: "parent",
    object: "document:plan_a",
  });
  await api.relationshipTuples.create({ subject: "folder:f1", relation: "parent", object: "document:50off" });
  await api.roleAssignments.assign({ user: "alice", role: "editor", resource_instance: "folder:f1" });
  await api.roleAssignments.assign({ user: "bob", role: "editor", resource_instance: "document:plan_a" });
  await api.roleAssignments.assign({ user: "alice", role: "viewer", tenant: "acme" });
  await api.roleAssignments.assign({ user: "carol", role: "viewer", tenant: "beta" });
}

export interface ListContext {
  skip: string | false;
  permit(): Permit;
  /** GET on the facts API (repeated keys for several values); asserts a 200. */
  get(path: string, query?: [string, string][]): Promise<Json | Json[]>;
  /** GET on the facts API, whatever the status. */
  fetchFacts(path: string, query?: [string, string][]): Promise<Response>;
}

export const keysOf = (items: Json | Json[]) => (items as Json[]).map((i) => i.key).sort();

/** Runs `body` inside a `describe` per driver, against a freshly seeded service. */
export function forEachListStore(title: string, body: (ctx: ListContext) => void): void {
  for (const driver of drivers) {
    describe(`${title}: ${driver.name}`, async () => {
      const skip = await driver.skip();
      if (skip) console.log(`# skipped ${title} on ${driver.name}: ${skip}`);
      let service: AuthzService;
      let permit: Permit;
      let cleanup: () => Promise<void>;
      let facts: string;
      const fetchFacts = (path: string, query: [string, string][] = []) => {
        const qs = new URLSearchParams(query).toString();
        return fetch(`${facts}${path}${qs ? `?${qs}` : ""}`, {
          headers: { authorization: `Bearer ${TEST_API_KEY}` },
        });
      };

      before(async () => {
        if (skip) return;
        const opened = await driver.open();
        cleanup = opened.cleanup;
        service = await createAuthzService({ ...opened.options, apiKeys: [TEST_API_KEY] });
        const url = await service.app.listen({ host: "127.0.0.1", port: 0 });
        permit = new Permit({ token: TEST_API_KEY, pdp: url, apiUrl: url, log: { level: "fatal" } });
        const s = service.core.scope;
        facts = `${url}/v2/facts/${s.project_id}/${s.environment_id}`;
        await seed(permit);
      });
      after(async () => {
        if (skip) return;
        await service.close();
        await cleanup();
      });

      body({
        skip,
        permit: () => permit,
        fetchFacts,
        async get(path, query = []) {
          const res = await fetchFacts(path, query);
          assert.equal(res.status, 200, await res.clone().text());
          return (await res.json()) as Json | Json[];
        },
      });
    });
  }
}
