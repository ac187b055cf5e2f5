/** Relationship tuples: `subject relation object` between instances of one tenant. */
import { appendChange } from "../storage/changes.ts";
import type { RelationshipTupleRecord } from "../storage/records.ts";
import * as objects from "../storage/schema-objects.ts";
import type { Db } from "../storage/store.ts";
import * as tuples from "../storage/tuples.ts";
import { commit } from "./commit.ts";
import type { AuthzCore, Committed } from "./context.ts";
import { duplicate, invalidOperation, notFound } from "./errors.ts";
import { newId } from "./ids.ts";
import { findOrCreateInstance, mustGetInstance, typeKey } from "./instances.ts";
import { mustGetRelation } from "./rebac-schema.ts";
import { mustGetTenant } from "./tenants.ts";

export interface TupleInput {
  subject: string;
  relation: string;
  object: string;
  tenant?: string | undefined;
}

export interface TupleIdent {
  subject: string;
  relation: string;
  object: string;
}

export function listTuples(core: AuthzCore, q: tuples.TupleQuery) {
  return tuples.listTuples(core.store.db, q);
}

/**
 * Validates and inserts one tuple; missing instances are created in `tenant` (404 without one).
 * The relation must be declared on the object's type with the subject's type as its subject.
 */
async function addOne(
  tx: Db,
  core: AuthzCore,
  input: TupleInput,
  onExisting: "fail" | "skip",
  created: string[],
): Promise<RelationshipTupleRecord | undefined> {
  const tenant = input.tenant === undefined ? undefined : (await mustGetTenant(tx, input.tenant)).key;
  const subject = await findOrCreateInstance(tx, core, input.subject, tenant);
  const object = await findOrCreateInstance(tx, core, input.object, tenant);
  for (const r of [subject, object]) if (r.created) created.push(typeKey(r.record));
  const relation = await mustGetRelation(tx, object.record.resource, input.relation);
  if (relation.body.subject_resource !== subject.record.resource) {
    throw invalidOperation(
      `relation '${relation.key}' of '${object.record.resource}' takes a '${relation.body.subject_resource}' subject, not '${subject.record.resource}'`,
    );
  }
  if (subject.record.tenant !== object.record.tenant) {
    throw invalidOperation(
      `'${typeKey(subject.record)}' (tenant ${subject.record.tenant}) and '${typeKey(object.record)}' (tenant ${object.record.tenant}) are in different tenants`,
    );
  }
  if (tenant !== undefined && tenant !== object.record.tenant) {
    throw invalidOperation(
      `'${typeKey(object.record)}' is in tenant '${object.record.tenant}', not '${tenant}'`,
    );
  }
  const ident = { subject: typeKey(subject.record), relation: relation.key, object: typeKey(object.record) };
  const existing = await tuples.findTuple(tx, ident);
  if (existing) {
    if (onExisting === "fail")
      throw duplicate("relationship tuple", tuples.tupleChangeKey(ident).replaceAll("|", " "));
    return undefined;
  }
  const record: RelationshipTupleRecord = {
    id: newId(),
    ...ident,
    tenant: object.record.tenant,
    created_at: core.now(),
  };
  await tuples.insertTuple(tx, record);
  return record;
}

/** Logs instances created on the way, so every replica has them before the tuple. */
async function logCreated(tx: Db, core: AuthzCore, created: readonly string[]): Promise<void> {
  if (created.length > 0)
    await appendChange(tx, core.store.dialect, "resource_instance", created, core.now());
}

export function createTuple(core: AuthzCore, input: TupleInput): Promise<Committed<RelationshipTupleRecord>> {
  return commit(core, {
    kind: "relationship_tuple",
    async run(tx) {
      const created: string[] = [];
      const record = (await addOne(tx, core, input, "fail", created))!;
      await logCreated(tx, core, created);
      return { value: record, keys: [tuples.tupleChangeKey(record)] };
    },
  });
}

/** All or nothing; tuples that already exist are skipped. */
export function bulkCreateTuples(
  core: AuthzCore,
  inputs: TupleInput[],
): Promise<Committed<RelationshipTupleRecord[]>> {
  return commit(core, {
    kind: "relationship_tuple",
    async run(tx) {
      const created: string[] = [];
      const out: RelationshipTupleRecord[] = [];
      for (const input of inputs) {
        const r = await addOne(tx, core, input, "skip", created);
        if (r) out.push(r);
      }
      await logCreated(tx, core, created);
      return { value: out, keys: out.map(tuples.tupleChangeKey) };
    },
  });
}

async function removeOne(tx: Db, ident: TupleIdent): Promise<string> {
  const subject = await mustGetInstance(tx, ident.subject);
  const object = await mustGetInstance(tx, ident.object);
  const found = await tuples.findTuple(tx, {
    subject: typeKey(subject),
    relation: ident.relation,
    object: typeKey(object),
  });
  if (found === undefined)
    throw notFound("RelationshipTuple", `${ident.subject} ${ident.relation} ${ident.object}`);
  await tuples.deleteTupleRow(tx, found.id);
  return tuples.tupleChangeKey(found);
}

export function deleteTuple(core: AuthzCore, ident: TupleIdent): Promise<Committed<void>> {
  return commit(core, {
    kind: "relationship_tuple",
    async run(tx) {
      return { value: undefined, keys: [await removeOne(tx, ident)] };
    },
  });
}

/** All or nothing: one missing tuple rejects the batch. */
export function bulkDeleteTuples(core: AuthzCore, idents: TupleIdent[]): Promise<Committed<number>> {
  return commit(core, {
    kind: "relationship_tuple",
    async run(tx) {
      const keys: string[] = [];
      for (const ident of idents) keys.push(await removeOne(tx, ident));
      return { value: keys.length, keys };
    },
  });
}

/** ids of what a tuple names, for the read model. */
export async function tupleRefs(core: AuthzCore, records: readonly RelationshipTupleRecord[]) {
  const db = core.store.db;
  const ids = new Map<string, string>();
  for (const r of records) {
    for (const id of [r.subject, r.object]) {
      if (!ids.has(id)) ids.set(id, (await tuplesInstanceId(db, id)) ?? "");
    }
  }
  const relations = new Map(
    (await objects.listSchemaObjects(db, "relation")).map((r) => [`${r.scope}#${r.key}`, r.id]),
  );
  return (r: RelationshipTupleRecord) => ({
    subject_id: ids.get(r.subject) ?? "",
    object_id: ids.get(r.object) ?? "",
    relation_id: relations.get(`${r.object.slice(0, r.object.indexOf(":"))}#${r.relation}`) ?? "",
  });
}

async function tuplesInstanceId(db: Db, id: string): Promise<string | undefined> {
  try {
    return (await mustGetInstance(db, id)).id;
  } catch {
    return undefined;
  }
}
