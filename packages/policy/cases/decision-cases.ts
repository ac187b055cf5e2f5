/**
 * Loads the decision cases in this folder: data shared by every runner (the engine's tests here, the
 * HTTP PDP's in authz through `@tollgate/policy/decision-cases`).
 * A file may name a `base` (in cases/base/) whose policy its own extends, and `then_remove` facts
 * that are deleted after loading, so removals are tested through the same write paths as additions.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type {
  CheckInput,
  DecisionReason,
  DerivationDef,
  GrantKind,
  PolicyDocument,
  RelationshipTupleDef,
  RoleAssignmentDef,
} from "../src/index.ts";

export interface DecisionCase {
  name: string;
  input: CheckInput;
  /** `via` and `path` are compared only when given. */
  expect: { allow: boolean; reason: DecisionReason; via?: GrantKind; path?: string };
}

/** Facts deleted after the policy is loaded. */
export interface Removals {
  relationship_tuples?: RelationshipTupleDef[];
  role_assignments?: RoleAssignmentDef[];
  derivations?: { resource: string; role: string; rule: DerivationDef }[];
}

export interface DecisionCaseFile {
  file: string;
  description: string;
  policy: PolicyDocument;
  then_remove?: Removals;
  cases: DecisionCase[];
}

const casesDir = import.meta.dirname;

type Keyed = Record<string, unknown>;
/** How array entries are identified when a file's policy extends its base: a later entry replaces. */
const IDENTITY: Partial<Record<keyof PolicyDocument, (e: Keyed) => string>> = {
  resources: (e) => String(e.key),
  roles: (e) => String(e.key),
  tenants: (e) => String(e.key),
  users: (e) => String(e.key),
  resource_roles: (e) => `${e.resource}#${e.key}`,
  relations: (e) => `${e.resource}#${e.key}`,
  condition_sets: (e) => String(e.key),
  resource_instances: (e) => `${e.resource}:${e.key}`,
};

function extend(base: PolicyDocument, own: PolicyDocument): PolicyDocument {
  const out: Record<string, unknown[]> = {};
  const keys = new Set([...Object.keys(base), ...Object.keys(own)]) as Set<keyof PolicyDocument>;
  for (const key of keys) {
    const merged = [
      ...((base[key] as Keyed[] | undefined) ?? []),
      ...((own[key] as Keyed[] | undefined) ?? []),
    ];
    const id = IDENTITY[key];
    out[key] = id ? [...new Map(merged.map((e) => [id(e), e])).values()] : merged;
  }
  return out as unknown as PolicyDocument;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

export function loadDecisionCases(): DecisionCaseFile[] {
  return readdirSync(casesDir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((file) => {
      const raw = readJson<Omit<DecisionCaseFile, "file"> & { base?: string }>(join(casesDir, file));
      const policy = raw.base
        ? extend(readJson<{ policy: PolicyDocument }>(join(casesDir, "base", raw.base)).policy, raw.policy)
        : raw.policy;
      return { file, ...raw, policy };
    });
}

/** The part of a decision a case compares. */
export function comparable(
  expect: DecisionCase["expect"],
  got: { allow: boolean; reason: string; via?: string | undefined; path?: string | undefined },
): Record<string, unknown> {
  const out: Record<string, unknown> = { allow: got.allow, reason: got.reason };
  if (expect.via !== undefined) out.via = got.via;
  if (expect.path !== undefined) out.path = got.path;
  return out;
}
