/** A real authorization service on a loopback port, and the tutorial's policy, for tests and benches. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AuthzService, createAuthzService } from "@tollgate/authz";
import { Permit } from "permitio";

export const TEST_API_KEY = "permit_key_test_0123456789abcdefghijklmnop";

export interface TestAuthz {
  url: string;
  dataDir: string;
  service: AuthzService;
  permit: Permit;
  /** Raw HTTP with the API key, for what the SDK does not wrap. */
  http(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON responses field by field.
  ): Promise<{ status: number; body: any; headers: Headers }>;
  /** `/v2/facts/<project>/<env>` and `/v2/schema/<project>/<env>` prefixes. */
  facts: string;
  schema: string;
  close(): Promise<void>;
}

/** A real service on a loopback port with a fresh SQLite data dir (or the given one, to test restarts). */
export async function startTestAuthz(options: { dataDir?: string; keep?: boolean } = {}): Promise<TestAuthz> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "tollgate-authz-"));
  const service = await createAuthzService({ dataDir, apiKeys: [TEST_API_KEY] });
  const address = await service.app.listen({ host: "127.0.0.1", port: 0 });
  const permit = new Permit({ token: TEST_API_KEY, pdp: address, apiUrl: address, log: { level: "fatal" } });
  const { project_id, environment_id } = service.core.scope;
  return {
    url: address,
    dataDir,
    service,
    permit,
    facts: `/v2/facts/${project_id}/${environment_id}`,
    schema: `/v2/schema/${project_id}/${environment_id}`,
    async http(method, path, body, headers = {}) {
      const res = await fetch(`${address}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${TEST_API_KEY}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async close() {
      await service.close();
      if (!options.keep && !options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The tutorial's policy, applied through the SDK. */
export async function applyTutorialPolicy(permit: Permit): Promise<void> {
  await permit.api.resources.create({
    key: "task",
    name: "Task",
    actions: { create: {}, get: {}, update: {}, check: {}, delete: {} },
  });
  await permit.api.resources.create({
    key: "user",
    name: "User",
    actions: { create: {}, get: {}, delete: {} },
  });
  const all = ["task:create", "task:get", "task:update", "task:check", "task:delete"];
  await permit.api.roles.create({
    key: "admin",
    name: "Admin",
    permissions: [...all, "user:create", "user:get", "user:delete"],
  });
  await permit.api.roles.create({ key: "editor", name: "Editor", permissions: [...all, "user:get"] });
  await permit.api.roles.create({ key: "viewer", name: "Viewer", permissions: ["task:get", "user:get"] });
}
