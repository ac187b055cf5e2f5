/**
 * The fine-grained model at the scale, as a policy document: 100,000 resource instances and
 * about 1,000,000 relationship tuples. Shared by the engine, PDP and start-up benches.
 *
 * Shape: 1,000 groups, 9,000 folders (90 top folders with 99 subfolders each) and 90,000 documents
 * in one tenant. Each document has a `parent` subfolder and is `shared_with` 9 groups; each folder
 * is `shared_with` 12 groups. Users hold `folder#editor` on one top folder (so an edit on a document
 * is a two-hop derivation: top → parent → sub → parent → document) and `group#member` on two groups
 * (viewers of what is shared with them). The many `shared_with` tuples are what a real deployment
 * carries beside the hierarchy; a check only walks the relations its role's derivations name.
 */
import type { CheckInput, PolicyDocument } from "@tollgate/policy";
import { Prng } from "../lib/prng.ts";

export const MODEL_TENANT = "acme";
const TOP = 90;
const SUB_PER_TOP = 99;
const GROUPS = 1000;
const DOCS_PER_SUB = 10;

export interface ModelDataset {
  policy: PolicyDocument;
  instances: number;
  tuples: number;
  users: number;
  /** Each user's top folder. */
  topOf: string[];
}

export function modelSchema(): Pick<
  PolicyDocument,
  "resources" | "roles" | "relations" | "resource_roles" | "condition_sets" | "set_rules"
> {
  return {
    resources: [
      { key: "group", name: "Group", actions: { read: {} } },
      { key: "folder", name: "Folder", actions: { read: {}, edit: {} } },
      { key: "document", name: "Document", actions: { read: {}, edit: {}, delete: {} } },
      { key: "report", name: "Report", actions: { read: {} } },
    ],
    roles: [{ key: "member", name: "Member", extends: [], permissions: ["report:read", "document:read"] }],
    relations: [
      { resource: "folder", key: "parent", name: "Parent", subject_resource: "folder" },
      { resource: "document", key: "parent", name: "Parent", subject_resource: "folder" },
      { resource: "folder", key: "shared_with", name: "Shared with", subject_resource: "group" },
      { resource: "document", key: "shared_with", name: "Shared with", subject_resource: "group" },
    ],
    resource_roles: [
      { resource: "group", key: "member", name: "Member", permissions: ["read"] },
      {
        resource: "folder",
        key: "editor",
        name: "Editor",
        permissions: ["read", "edit"],
        granted_to: {
          users_with_role: [{ role: "editor", on_resource: "folder", linked_by_relation: "parent" }],
        },
      },
      {
        resource: "folder",
        key: "viewer",
        name: "Viewer",
        permissions: ["read"],
        granted_to: {
          users_with_role: [{ role: "member", on_resource: "group", linked_by_relation: "shared_with" }],
        },
      },
      {
        resource: "document",
        key: "editor",
        name: "Editor",
        permissions: ["read", "edit"],
        granted_to: {
          users_with_role: [{ role: "editor", on_resource: "folder", linked_by_relation: "parent" }],
        },
      },
      {
        resource: "document",
        key: "viewer",
        name: "Viewer",
        permissions: ["read"],
        granted_to: {
          users_with_role: [{ role: "member", on_resource: "group", linked_by_relation: "shared_with" }],
        },
      },
    ],
    condition_sets: [
      {
        key: "senior_eng",
        name: "Senior engineers",
        type: "userset",
        conditions: {
          allOf: [
            { "user.dept": { equals: "eng" } },
            { "user.level": { "greater-than-equals": 5 } },
            { "user.tags": { array_contains: "oncall" } },
          ],
        },
      },
      {
        key: "open_eng_reports",
        name: "Open engineering reports",
        type: "resourceset",
        resource: "report",
        conditions: {
          allOf: [
            { "resource.owner_dept": { equals: "eng" } },
            { "resource.level": { "less-than": 7 } },
            { "resource.archived": { equals: false } },
          ],
        },
      },
    ],
    set_rules: [{ user_set: "senior_eng", permission: "report:read", resource_set: "open_eng_reports" }],
  };
}

export function buildModelDataset(users: number, seed = 11): ModelDataset {
  const rng = new Prng(seed);
  const pick = (n: number) => Math.floor(rng.next() * n);
  const policy: PolicyDocument = {
    ...modelSchema(),
    tenants: [{ key: MODEL_TENANT, name: "Acme" }],
    users: [],
    resource_instances: [],
    relationship_tuples: [],
    role_assignments: [],
  };
  const instances = policy.resource_instances!;
  const tuples = policy.relationship_tuples!;
  const add = (resource: string, key: string) => instances.push({ resource, key, tenant: MODEL_TENANT });
  for (let g = 0; g < GROUPS; g++) add("group", `g${g}`);
  for (let t = 0; t < TOP; t++) {
    add("folder", `t${t}`);
    for (let s = 0; s < SUB_PER_TOP; s++) {
      const sub = `t${t}s${s}`;
      add("folder", sub);
      tuples.push({ subject: `folder:t${t}`, relation: "parent", object: `folder:${sub}` });
      for (let d = 0; d < DOCS_PER_SUB; d++) {
        add("document", `${sub}d${d}`);
        tuples.push({ subject: `folder:${sub}`, relation: "parent", object: `document:${sub}d${d}` });
      }
    }
  }
  for (const inst of instances) {
    const shares = inst.resource === "document" ? 9 : inst.resource === "folder" ? 12 : 0;
    const seen = new Set<number>();
    while (seen.size < shares) seen.add(pick(GROUPS));
    for (const g of seen)
      tuples.push({
        subject: `group:g${g}`,
        relation: "shared_with",
        object: `${inst.resource}:${inst.key}`,
      });
  }
  const topOf: string[] = [];
  for (let u = 0; u < users; u++) {
    const key = `user-${u}`;
    const top = `t${pick(TOP)}`;
    topOf.push(top);
    // Two distinct groups.
    const g1 = pick(GROUPS);
    policy.users!.push({
      key,
      attributes: {
        dept: u % 2 === 0 ? "eng" : "ops",
        level: u % 10,
        tags: u % 3 === 0 ? ["oncall", "x"] : ["x"],
      },
    });
    policy.role_assignments!.push({
      user: key,
      role: "editor",
      tenant: MODEL_TENANT,
      resource_instance: `folder:${top}`,
    });
    policy.role_assignments!.push({
      user: key,
      role: "member",
      tenant: MODEL_TENANT,
      resource_instance: `group:g${g1}`,
    });
    policy.role_assignments!.push({
      user: key,
      role: "member",
      tenant: MODEL_TENANT,
      resource_instance: `group:g${(g1 + 1 + pick(GROUPS - 1)) % GROUPS}`,
    });
    if (u % 4 === 0) policy.role_assignments!.push({ user: key, role: "member", tenant: MODEL_TENANT });
  }
  return { policy, instances: instances.length, tuples: tuples.length, users, topOf };
}

/** ReBAC edits on documents: half under the user's own top folder (two-hop allow), half anywhere. */
export function rebacSamples(data: ModelDataset, count: number, seed = 5): CheckInput[] {
  const rng = new Prng(seed);
  const pick = (n: number) => Math.floor(rng.next() * n);
  const out: CheckInput[] = [];
  for (let i = 0; i < count; i++) {
    const u = pick(data.users);
    const top = i % 2 === 0 ? data.topOf[u]! : `t${pick(TOP)}`;
    const key = `${top}s${pick(SUB_PER_TOP)}d${pick(DOCS_PER_SUB)}`;
    out.push({
      user: `user-${u}`,
      action: "edit",
      resource: { type: "document", key, tenant: MODEL_TENANT },
    });
  }
  return out;
}

/** ABAC reads of reports with inline attributes, through the three-condition sets. */
export function abacSamples(data: ModelDataset, count: number, seed = 6): CheckInput[] {
  const rng = new Prng(seed);
  const pick = (n: number) => Math.floor(rng.next() * n);
  const out: CheckInput[] = [];
  for (let i = 0; i < count; i++) {
    // Users 3 × 2k with level ≥ 5 match the userset; others fail at some condition.
    const u = pick(data.users);
    out.push({
      user: `user-${u}`,
      action: "read",
      resource: {
        type: "report",
        tenant: MODEL_TENANT,
        attributes: { owner_dept: i % 3 === 0 ? "ops" : "eng", level: pick(10), archived: i % 5 === 0 },
      },
    });
  }
  return out;
}

/** RBAC reads of documents (type-wide, no key) in the same engine: the tenant role `member` (a quarter of the users). */
export function rbacSamples(data: ModelDataset, count: number, seed = 7): CheckInput[] {
  const rng = new Prng(seed);
  const out: CheckInput[] = [];
  for (let i = 0; i < count; i++) {
    const u = Math.floor(rng.next() * data.users);
    out.push({ user: `user-${u}`, action: "read", resource: { type: "document", tenant: MODEL_TENANT } });
  }
  return out;
}
