/**
 * The peer bench's world in Tollgate, written through the management API as a user would (the
 * world is small: bulk endpoints, a few dozen calls), and the `/allowed` requests of each question.
 * Tollgate holds the user attributes, the tuples and the role assignments; a request names only
 * the user and the document (ReBAC) or the user and the report's inline attributes (ABAC).
 */
import type { LoadRequest } from "../lib/load-spec.ts";
import { type AbacQuestion, PEER_TENANT, type PeerWorld, type RebacQuestion } from "./peer-dataset.ts";
import { ApiClient } from "./tollgate/client.ts";

const BULK = 1000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BULK) out.push(items.slice(i, i + BULK));
  return out;
}

async function writeSchema(api: ApiClient, s: string, f: string): Promise<void> {
  for (const [key, actions] of [
    ["report", ["read"]],
    ["folder", ["read", "edit"]],
    ["document", ["read", "edit", "delete"]],
  ] as const) {
    await api.call("POST", `${s}/resources`, {
      key,
      name: key,
      actions: Object.fromEntries(actions.map((a) => [a, {}])),
    });
  }
  for (const resource of ["folder", "document"])
    await api.call("POST", `${s}/resources/${resource}/relations`, {
      key: "parent",
      name: "Parent",
      subject_resource: "folder",
    });
  const fromParentEditor = {
    users_with_role: [{ role: "editor", on_resource: "folder", linked_by_relation: "parent" }],
  };
  await api.call("POST", `${s}/resources/folder/roles`, {
    key: "editor",
    name: "Editor",
    permissions: ["read", "edit"],
    granted_to: fromParentEditor,
  });
  await api.call("POST", `${s}/resources/document/roles`, {
    key: "editor",
    name: "Editor",
    permissions: ["read", "edit"],
    granted_to: fromParentEditor,
  });
  await api.call("POST", `${s}/resources/document/roles`, {
    key: "owner",
    name: "Owner",
    permissions: ["read", "edit", "delete"],
  });
  await api.call("POST", `${s}/condition_sets`, {
    key: "senior_eng",
    name: "Senior on-call engineers",
    type: "userset",
    conditions: {
      allOf: [
        { "user.dept": { equals: "eng" } },
        { "user.level": { "greater-than-equals": 5 } },
        { "user.tags": { array_contains: "oncall" } },
      ],
    },
  });
  await api.call("POST", `${s}/condition_sets`, {
    key: "open_eng_reports",
    name: "Open engineering reports",
    type: "resourceset",
    resource_id: "report",
    conditions: {
      allOf: [
        { "resource.owner_dept": { equals: "eng" } },
        { "resource.level": { "less-than": 7 } },
        { "resource.archived": { equals: false } },
      ],
    },
  });
  await api.call("POST", `${f}/set_rules`, {
    user_set: "senior_eng",
    permission: "report:read",
    resource_set: "open_eng_reports",
  });
  await api.call("POST", `${f}/tenants`, { key: PEER_TENANT, name: "Acme" });
}

export async function loadPeerWorld(url: string, apiKey: string, world: PeerWorld): Promise<void> {
  const api = new ApiClient(url, apiKey);
  const scope = await api.call<{ project_id: string; environment_id: string }>("GET", "/v2/api-key/scope");
  const s = `/v2/schema/${scope.project_id}/${scope.environment_id}`;
  const f = `/v2/facts/${scope.project_id}/${scope.environment_id}`;
  await writeSchema(api, s, f);
  for (const batch of chunks(world.users))
    await api.call("POST", `${f}/bulk/users`, {
      operations: batch.map((u) => ({ key: u.key, attributes: u.attributes })),
    });
  // Creating the tuples with a tenant creates their instances.
  for (const batch of chunks(world.tuples))
    await api.call("POST", `${f}/relationship_tuples/bulk`, {
      operations: batch.map((t) => ({ ...t, tenant: PEER_TENANT })),
    });
  const assignments = [
    ...world.users.map((u) => ({ user: u.key, role: "editor", resource_instance: `folder:${u.editorOf}` })),
    ...world.documents.map((d) => ({ user: d.owner, role: "owner", resource_instance: `document:${d.key}` })),
  ];
  for (const batch of chunks(assignments)) await api.call("POST", `${f}/role_assignments/bulk`, batch);
}

function allowed(apiKey: string, body: unknown): LoadRequest {
  return {
    method: "POST",
    path: "/allowed",
    headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
    body: JSON.stringify(body),
  };
}

export function tollgateAbacRequests(apiKey: string, questions: readonly AbacQuestion[]): LoadRequest[] {
  return questions.map((q) =>
    allowed(apiKey, {
      user: { key: q.user.key },
      action: "read",
      resource: { type: "report", tenant: PEER_TENANT, attributes: q.report },
    }),
  );
}

export function tollgateRebacRequests(apiKey: string, questions: readonly RebacQuestion[]): LoadRequest[] {
  return questions.map((q) =>
    allowed(apiKey, {
      user: { key: q.user.key },
      action: "edit",
      resource: { type: "document", key: q.document.key, tenant: PEER_TENANT },
    }),
  );
}

export const readTollgateAllow = (body: unknown) => (body as { allow?: boolean }).allow === true;
