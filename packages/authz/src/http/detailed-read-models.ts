/**
 * What Permit's `detailed=true` adds to list items: an instance's relationships, a tuple's subject,
 * object, relation and tenant, an assignment's instance. Shapes from Permit's OpenAPI models
 * (`ResourceInstanceDetailedRead`, `RelationshipTupleDetailedRead`, `RoleAssignmentDetailedRead`).
 */
import type { RelationDef } from "@tollgate/policy";
import type {
  RelationshipTupleRecord,
  ResourceInstanceRecord,
  SchemaObjectRecord,
  TenantRecord,
} from "../storage/records.ts";

const typeKeyOf = (r: ResourceInstanceRecord) => `${r.resource}:${r.key}`;

/** `type:key` → the `{subject, relation, object}` of every tuple the instance is subject or object of. */
export function relationshipsByInstance(tuples: readonly RelationshipTupleRecord[]) {
  const out = new Map<string, { subject: string; relation: string; object: string }[]>();
  for (const t of tuples) {
    const block = { subject: t.subject, relation: t.relation, object: t.object };
    for (const end of new Set([t.subject, t.object])) {
      const list = out.get(end) ?? [];
      list.push(block);
      out.set(end, list);
    }
  }
  return (r: ResourceInstanceRecord) => out.get(typeKeyOf(r)) ?? [];
}

/** `ResourceInstanceBlockRead`; an instance deleted under a tuple cannot happen (cascade), but stay total. */
function instanceBlock(typeKey: string, r: ResourceInstanceRecord | undefined, tenant: string) {
  const at = typeKey.indexOf(":");
  return {
    key: r?.key ?? typeKey.slice(at + 1),
    tenant: r?.tenant ?? tenant,
    resource: r?.resource ?? typeKey.slice(0, at),
    attributes: r?.attributes ?? {},
  };
}

export interface TupleDetails {
  instances: Map<string, ResourceInstanceRecord>;
  /** `objectType#relation` → relation. */
  relations: Map<string, SchemaObjectRecord<RelationDef>>;
  tenants: Map<string, TenantRecord>;
}

/** The `*_details` fields of a `RelationshipTupleDetailedRead`. */
export function tupleDetails(t: RelationshipTupleRecord, d: TupleDetails) {
  const relation = d.relations.get(`${t.object.slice(0, t.object.indexOf(":"))}#${t.relation}`);
  const tenant = d.tenants.get(t.tenant);
  return {
    subject_details: instanceBlock(t.subject, d.instances.get(t.subject), t.tenant),
    relation_details: {
      key: t.relation,
      name: relation?.body.name ?? t.relation,
      description: relation?.body.description,
    },
    object_details: instanceBlock(t.object, d.instances.get(t.object), t.tenant),
    tenant_details: {
      key: t.tenant,
      name: tenant?.name ?? t.tenant,
      description: tenant?.description ?? undefined,
      attributes: tenant?.attributes ?? {},
    },
  };
}

/** `RoleAssignmentDetailedRead.resource_instance`. */
export function assignmentInstance(r: ResourceInstanceRecord) {
  return { id: r.id, key: r.key, resource: r.resource, attributes: r.attributes };
}
