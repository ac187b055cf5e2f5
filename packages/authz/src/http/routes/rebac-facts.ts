import { Type } from "typebox";
import type { AuthzCore } from "../../service/context.ts";
import * as instances from "../../service/instances.ts";
import * as tuples from "../../service/tuples.ts";
import type { RelationshipTupleRecord, ResourceInstanceRecord } from "../../storage/records.ts";
import { listResources } from "../../storage/resources.ts";
import { allTenants } from "../../storage/tenants.ts";
import { tuplesTouchingAny } from "../../storage/tuples.ts";
import { relationshipsByInstance } from "../detailed-read-models.ts";
import { instanceRead, tupleRead } from "../model-read-models.ts";
import {
  BulkTupleCreate,
  BulkTupleDelete,
  InstanceCreate,
  InstanceListItem,
  InstanceRead,
  InstanceUpdate,
  TupleCreate,
  TupleIdent,
  TupleRead,
} from "../model-schemas.ts";
import { type Api, committed } from "../plumbing.ts";
import { FactsParams, PathKey } from "../schemas.ts";
import { rebacFactListRoutes } from "./rebac-fact-lists.ts";

const InstanceParams = Type.Object({ ...FactsParams.properties, instance_id: PathKey });
const tags = ["resource instances and relationship tuples"];

async function refLookups(core: AuthzCore) {
  const db = core.store.db;
  const resources = new Map((await listResources(db)).map((r) => [r.key, r]));
  const tenants = new Map((await allTenants(db)).map((t) => [t.key, t]));
  return { resources, tenants };
}

/** Resource instances and relationship tuples: `/v2/facts/{p}/{e}/resource_instances|relationship_tuples`. */
export function rebacFactRoutes(api: Api, core: AuthzCore): void {
  const s = core.scope;
  const instanceOut = async (records: ResourceInstanceRecord[]) => {
    const { resources, tenants } = await refLookups(core);
    return records.map((r) =>
      instanceRead(s, r, { resource: resources.get(r.resource), tenant: tenants.get(r.tenant) }),
    );
  };
  const tupleOut = async (records: RelationshipTupleRecord[]) => {
    const refs = await tuples.tupleRefs(core, records);
    const { tenants } = await refLookups(core);
    return records.map((t) => tupleRead(s, t, { ...refs(t), tenant_id: tenants.get(t.tenant)?.id ?? "" }));
  };
  rebacFactListRoutes(api, core);
  api.post(
    "/resource_instances",
    {
      schema: {
        tags,
        params: FactsParams,
        body: InstanceCreate,
        response: { 200: InstanceRead, 201: InstanceRead },
      },
    },
    async (req, reply) => {
      const { record, created } = committed(reply, await instances.createInstance(core, req.body));
      reply.code(created ? 201 : 200);
      return (await instanceOut([record]))[0];
    },
  );
  api.get(
    "/resource_instances/:instance_id",
    {
      schema: {
        tags,
        params: InstanceParams,
        querystring: Type.Object({ detailed: Type.Optional(Type.Boolean()) }),
        response: { 200: InstanceListItem },
      },
    },
    async (req) => {
      const record = await instances.getInstance(core, req.params.instance_id);
      const read = (await instanceOut([record]))[0]!;
      if (req.query.detailed !== true) return read;
      const related = relationshipsByInstance(
        await tuplesTouchingAny(core.store.db, [instances.typeKey(record)]),
      );
      return { ...read, relationships: related(record) };
    },
  );
  api.patch(
    "/resource_instances/:instance_id",
    { schema: { tags, params: InstanceParams, body: InstanceUpdate, response: { 200: InstanceRead } } },
    async (req, reply) =>
      (
        await instanceOut([
          committed(reply, await instances.updateInstance(core, req.params.instance_id, req.body)),
        ])
      )[0],
  );
  api.delete(
    "/resource_instances/:instance_id",
    { schema: { tags, params: InstanceParams } },
    async (req, reply) => {
      committed(reply, await instances.deleteInstance(core, req.params.instance_id));
      return reply.code(204).send();
    },
  );

  api.post(
    "/relationship_tuples",
    { schema: { tags, params: FactsParams, body: TupleCreate, response: { 201: TupleRead } } },
    async (req, reply) => {
      const record = committed(reply, await tuples.createTuple(core, req.body));
      reply.code(201);
      return (await tupleOut([record]))[0];
    },
  );
  api.delete(
    "/relationship_tuples",
    { schema: { tags, params: FactsParams, body: TupleIdent } },
    async (req, reply) => {
      committed(reply, await tuples.deleteTuple(core, req.body));
      return reply.code(204).send();
    },
  );
  api.post(
    "/relationship_tuples/bulk",
    {
      schema: {
        tags,
        params: FactsParams,
        body: BulkTupleCreate,
        response: { 200: Type.Object({ operations: Type.Array(TupleRead) }) },
      },
    },
    async (req, reply) => ({
      operations: await tupleOut(committed(reply, await tuples.bulkCreateTuples(core, req.body.operations))),
    }),
  );
  api.delete(
    "/relationship_tuples/bulk",
    {
      schema: {
        tags,
        params: FactsParams,
        body: BulkTupleDelete,
        response: { 200: Type.Object({ deleted: Type.Integer() }) },
      },
    },
    async (req, reply) => ({
      deleted: committed(reply, await tuples.bulkDeleteTuples(core, req.body.idents)),
    }),
  );
}
