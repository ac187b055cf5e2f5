import { readFileSync } from "node:fs";
import { compileConditions, type PolicyDocument } from "@tollgate/policy";
import { Type } from "typebox";
import { Compile } from "typebox/compile";
import { UsageError } from "../permit-connection.ts";

const Key = Type.String({ pattern: "^[A-Za-z0-9\\-_]+$", minLength: 1 });
const PolicyFile = Type.Object({
  resources: Type.Array(
    Type.Object({
      key: Key,
      name: Type.String({ minLength: 1 }),
      description: Type.Optional(Type.String()),
      actions: Type.Record(
        Key,
        Type.Object({ name: Type.Optional(Type.String()), description: Type.Optional(Type.String()) }),
      ),
    }),
  ),
  roles: Type.Array(
    Type.Object({
      key: Key,
      name: Type.String({ minLength: 1 }),
      description: Type.Optional(Type.String()),
      permissions: Type.Array(Type.String({ pattern: "^[^:]+:[^:]+$" })),
      extends: Type.Optional(Type.Array(Key)),
    }),
  ),
  relations: Type.Optional(
    Type.Array(
      Type.Object({
        resource: Key,
        key: Key,
        name: Type.String({ minLength: 1 }),
        description: Type.Optional(Type.String()),
        subject_resource: Key,
      }),
    ),
  ),
  resource_roles: Type.Optional(
    Type.Array(
      Type.Object({
        resource: Key,
        key: Key,
        name: Type.String({ minLength: 1 }),
        description: Type.Optional(Type.String()),
        permissions: Type.Array(Key),
        granted_to: Type.Optional(
          Type.Object({
            users_with_role: Type.Optional(
              Type.Array(Type.Object({ role: Key, on_resource: Key, linked_by_relation: Key })),
            ),
            when: Type.Optional(Type.Object({ no_direct_roles_on_object: Type.Optional(Type.Boolean()) })),
          }),
        ),
      }),
    ),
  ),
  condition_sets: Type.Optional(
    Type.Array(
      Type.Object({
        key: Key,
        name: Type.String({ minLength: 1 }),
        type: Type.Union([Type.Literal("userset"), Type.Literal("resourceset")]),
        resource: Type.Optional(Key),
        description: Type.Optional(Type.String()),
        conditions: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      }),
    ),
  ),
  set_rules: Type.Optional(
    Type.Array(
      Type.Object({
        user_set: Type.String({ minLength: 1 }),
        permission: Type.String({ pattern: "^[^:]+:[^:]+$" }),
        resource_set: Type.String({ minLength: 1 }),
      }),
    ),
  ),
});
const check = Compile(PolicyFile);

/** Reads and validates a policy file; errors name the file and the field. */
export function readPolicyFile(path: string): PolicyDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new UsageError(`cannot read policy file ${path}: ${(err as Error).message}`);
  }
  if (!check.Check(raw)) {
    const first = [...check.Errors(raw)][0];
    throw new UsageError(
      `policy file ${path} is invalid at ${first?.instancePath || "/"}: ${first?.message ?? "invalid"}`,
    );
  }
  const doc = raw as PolicyDocument & { roles: { extends?: string[] }[] };
  const actions = new Set(doc.resources.flatMap((r) => Object.keys(r.actions).map((a) => `${r.key}:${a}`)));
  for (const role of doc.roles) {
    for (const p of role.permissions) {
      if (!actions.has(p))
        throw new UsageError(`policy file ${path}: role ${role.key} grants ${p}, which no resource defines`);
    }
  }
  for (const set of doc.condition_sets ?? []) {
    try {
      compileConditions(set.conditions);
    } catch (err) {
      throw new UsageError(`policy file ${path}: condition set ${set.key}: ${(err as Error).message}`);
    }
  }
  return {
    resources: doc.resources,
    roles: doc.roles.map((r) => ({ ...r, extends: r.extends ?? [] })),
    relations: doc.relations ?? [],
    resource_roles: doc.resource_roles ?? [],
    condition_sets: doc.condition_sets ?? [],
    set_rules: doc.set_rules ?? [],
  };
}
