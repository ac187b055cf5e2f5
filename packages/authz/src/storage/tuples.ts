import { batchesOf } from "./batches.ts";
import { offsetOf, pageOf } from "./paging.ts";
import type { Page, RelationshipTupleRecord } from "./records.ts";
import type { RelationshipTupleTable } from "./schema.ts";
import type { Db } from "./store.ts";

function toRecord(row: RelationshipTupleTable): RelationshipTupleRecord {
  return {
    id: row.id,
    subject: row.subject,
    relation: row.relation,
    object: row.object,
    tenant: row.tenant_key,
    created_at: row.created_at,
  };
}

function typeOf(id: string): string {
  return id.slice(0, id.indexOf(":"));
}

export interface TupleQuery {
  tenant?: string | undefined;
  subject?: string | undefined;
  relation?: string | undefined;
  object?: string | undefined;
  objectType?: string | undefined;
  subjectType?: string | undefined;
  page: number;
  perPage: number;
}

/** One page of tuples, oldest first, with the count of all that match. */
export async function listTuples(db: Db, q: TupleQuery): Promise<Page<RelationshipTupleRecord>> {
  let query = db.selectFrom("relationship_tuples");
  if (q.tenant) query = query.where("tenant_key", "=", q.tenant);
  if (q.subject) query = query.where("subject", "=", q.subject);
  if (q.relation) query = query.where("relation", "=", q.relation);
  if (q.object) query = query.where("object", "=", q.object);
  if (q.objectType) query = query.where("object_type", "=", q.objectType);
  if (q.subjectType) query = query.where("subject_type", "=", q.subjectType);
  return pageOf(
    q,
    query.selectAll().orderBy("created_at").orderBy("id").limit(q.perPage).offset(offsetOf(q)).execute(),
    query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    toRecord,
  );
}

/**
 * Every tuple in which one of `instances` (`type:key`, at most a page of them) is the subject or
 * the object: what `detailed` lists as an instance's relationships.
 */
export async function tuplesTouchingAny(
  db: Db,
  instances: readonly string[],
): Promise<RelationshipTupleRecord[]> {
  if (instances.length === 0) return [];
  const rows = await db
    .selectFrom("relationship_tuples")
    .selectAll()
    .where((eb) => eb.or([eb("subject", "in", instances), eb("object", "in", instances)]))
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map(toRecord);
}

export async function findTuple(
  db: Db,
  t: { subject: string; relation: string; object: string },
): Promise<RelationshipTupleRecord | undefined> {
  const row = await db
    .selectFrom("relationship_tuples")
    .selectAll()
    .where("object", "=", t.object)
    .where("relation", "=", t.relation)
    .where("subject", "=", t.subject)
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function insertTuple(db: Db, t: RelationshipTupleRecord): Promise<void> {
  await db
    .insertInto("relationship_tuples")
    .values({
      id: t.id,
      subject: t.subject,
      relation: t.relation,
      object: t.object,
      object_type: typeOf(t.object),
      subject_type: typeOf(t.subject),
      tenant_key: t.tenant,
      created_at: t.created_at,
    })
    .execute();
}

export async function deleteTupleRow(db: Db, id: string): Promise<void> {
  await db.deleteFrom("relationship_tuples").where("id", "=", id).execute();
}

/** Deletes the tuples touching an instance (`type:key`); returns their change keys. */
export async function deleteTuplesTouching(db: Db, instance: string): Promise<string[]> {
  const rows = await db
    .selectFrom("relationship_tuples")
    .selectAll()
    .where((eb) => eb.or([eb("subject", "=", instance), eb("object", "=", instance)]))
    .execute();
  await db
    .deleteFrom("relationship_tuples")
    .where((eb) => eb.or([eb("subject", "=", instance), eb("object", "=", instance)]))
    .execute();
  return rows.map(tupleChangeKey);
}

/** Deletes every tuple of a relation declared on `objectType`. */
export async function deleteTuplesOfRelation(db: Db, objectType: string, relation: string): Promise<void> {
  await db
    .deleteFrom("relationship_tuples")
    .where("object_type", "=", objectType)
    .where("relation", "=", relation)
    .execute();
}

export function tupleChangeKey(t: { subject: string; relation: string; object: string }): string {
  return `${t.subject}|${t.relation}|${t.object}`;
}

export function parseTupleChangeKey(key: string): { subject: string; relation: string; object: string } {
  const [subject = "", relation = "", object = ""] = key.split("|");
  return { subject, relation, object };
}

export function streamTuples(db: Db, batchSize: number): AsyncGenerator<RelationshipTupleRecord[]> {
  return batchesOf(db, "relationship_tuples", "id", batchSize, toRecord);
}
