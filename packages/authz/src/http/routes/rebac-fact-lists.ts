import type { RelationDef } from "@tollgate/policy";
import { Type } from "typebox";
import type { AuthzCore } from "../../service/context.ts";
import * as instances from "../../service/instances.ts";
import * as tuples from "../../service/tuples.ts";
import { getInstance, instancesByTypeKeys } from "../../storage/instances.ts";
import type { Page, RelationshipTupleRecord, ResourceInstanceRecord } from "../../storage/records.ts";
import { listResources } from "../../storage/resources.ts";
import { listSchemaObjects } from "../../storage/schema-objects.ts";
import { allTenants } from "../../storage/tenants.ts";
import { tuplesTouchingAny } from "../../storage/tuples.ts";
import { relationshipsByInstance, tupleDetails } from "../detailed-read-models.ts";
import { instanceRead, tupleRead } from "../model-read-models.ts";
import { InstanceListItem, TupleDetailedRead, TupleRead } from "../model-schemas.ts";
import type { Api } from "../plumbing.ts";
import { FactsParams, PageQuery, Paginated } from "../schemas.ts";

const Filter = Type.Optional(Type.String({ maxLength: 520 }));
const tags = ["resource instances and relationship tuples"];

const InstanceQuery = {
  ...PageQuery,
  tenant: Filter,
  resource: Filter,
  /** Repeatable: `?search=a&search=b`; a single value arrives as a one-item array. */
  search: Type.Optional(Type.Array(Type.String({ maxLength: 256 }), { maxItems: 100 })),
};
const TupleQuery = {
  ...PageQuery,
  tenant: Filter,
  subject: Filter,
  relation: Filter,
  object: Filter,
  object_type: Filter,
  subject_type: Filter,
};
const Flags = {
  detailed: Type.Optional(Type.Boolean()),
  include_total_count: Type.Optional(Type.Boolean()),
};

/** A bare array, or `{data, total_count, page_count}` when asked for (Permit's two list shapes). */
function shaped<T>(page: Page<unknown>, data: T[], asPage: boolean | undefined) {
  return asPage ? { ...page, data } : data;
}

/**
 * The list endpoints of resource instances and relationship tuples with every query option of
 * Permit's API: filters by key or id, `search`, `detailed`, `include_total_count`, and the
 * `/detailed` variants that always answer a page of detailed items.
 */
export function rebacFactListRoutes(api: Api, core: AuthzCore): void {
  const s = core.scope;
  const db = () => core.store.db;
  const lookups = async () => ({
    resources: new Map((await listResources(db())).map((r) => [r.key, r])),
    tenants: new Map((await allTenants(db())).map((t) => [t.key, t])),
  });
  /** A resource or tenant filter given by id becomes its key; an unknown value stays as is (matches nothing). */
  const keyOf = async (keyOrId: string | undefined, kind: "resources" | "tenants") => {
    if (keyOrId === undefined) return undefined;
    for (const v of (await lookups())[kind].values()) if (v.id === keyOrId) return v.key;
    return keyOrId;
  };
  /** An instance filter given by id becomes `type:key`; `null` when no instance has that id. */
  const instanceRefOf = async (idOrTypeKey: string | undefined) => {
    if (idOrTypeKey === undefined || idOrTypeKey.includes(":")) return idOrTypeKey;
    const found = await getInstance(db(), idOrTypeKey);
    return found ? `${found.resource}:${found.key}` : null;
  };
  const relationKeyOf = async (keyOrId: string | undefined) => {
    if (keyOrId === undefined) return undefined;
    const byId = (await listSchemaObjects(db(), "relation")).find((r) => r.id === keyOrId);
    return byId?.key ?? keyOrId;
  };

  const instanceItems = async (records: ResourceInstanceRecord[], detailed: boolean) => {
    const { resources, tenants } = await lookups();
    const related = detailed
      ? relationshipsByInstance(
          await tuplesTouchingAny(
            db(),
            records.map((r) => `${r.resource}:${r.key}`),
          ),
        )
      : undefined;
    return records.map((r) => ({
      ...instanceRead(s, r, { resource: resources.get(r.resource), tenant: tenants.get(r.tenant) }),
      ...(related ? { relationships: related(r) } : {}),
    }));
  };
  const listInstancePage = async (q: {
    page?: number | undefined;
    per_page?: number | undefined;
    tenant?: string | undefined;
    resource?: string | undefined;
    search?: string[] | undefined;
  }) =>
    instances.listInstances(core, {
      tenant: await keyOf(q.tenant, "tenants"),
      resource: await keyOf(q.resource, "resources"),
      search: q.search,
      page: q.page ?? 1,
      // Permit's default page, as its OpenAPI gives it; the SDK sends no page unless asked.
      perPage: q.per_page ?? 30,
    });

  api.get(
    "/resource_instances",
    {
      schema: {
        tags,
        params: FactsParams,
        querystring: Type.Object({ ...InstanceQuery, ...Flags }),
        response: { 200: Type.Union([Type.Array(InstanceListItem), Paginated(InstanceListItem)]) },
      },
    },
    async (req) => {
      const page = await listInstancePage(req.query);
      return shaped(
        page,
        await instanceItems(page.data, req.query.detailed === true),
        req.query.include_total_count,
      );
    },
  );
  api.get(
    "/resource_instances/detailed",
    {
      schema: {
        tags,
        params: FactsParams,
        querystring: Type.Object(InstanceQuery),
        response: { 200: Paginated(InstanceListItem) },
      },
    },
    async (req) => {
      const page = await listInstancePage(req.query);
      return { ...page, data: await instanceItems(page.data, true) };
    },
  );

  const plainTuples = async (records: RelationshipTupleRecord[]) => {
    const refs = await tuples.tupleRefs(core, records);
    const { tenants } = await lookups();
    return records.map((t) => tupleRead(s, t, { ...refs(t), tenant_id: tenants.get(t.tenant)?.id ?? "" }));
  };
  const detailedTuples = async (records: RelationshipTupleRecord[]) => {
    const plain = await plainTuples(records);
    const details = {
      instances: await instancesByTypeKeys(
        db(),
        records.flatMap((t) => [t.subject, t.object]),
      ),
      relations: new Map(
        (await listSchemaObjects<RelationDef>(db(), "relation")).map((r) => [`${r.scope}#${r.key}`, r]),
      ),
      tenants: (await lookups()).tenants,
    };
    return records.map((t, i) => ({ ...plain[i]!, ...tupleDetails(t, details) }));
  };
  const listTuplePage = async (q: {
    page?: number | undefined;
    per_page?: number | undefined;
    tenant?: string | undefined;
    subject?: string | undefined;
    relation?: string | undefined;
    object?: string | undefined;
    object_type?: string | undefined;
    subject_type?: string | undefined;
  }): Promise<Page<RelationshipTupleRecord>> => {
    const [subject, object] = [await instanceRefOf(q.subject), await instanceRefOf(q.object)];
    if (subject === null || object === null) return { data: [], total_count: 0, page_count: 0 };
    return tuples.listTuples(core, {
      tenant: await keyOf(q.tenant, "tenants"),
      subject,
      relation: await relationKeyOf(q.relation),
      object,
      objectType: await keyOf(q.object_type, "resources"),
      subjectType: await keyOf(q.subject_type, "resources"),
      page: q.page ?? 1,
      perPage: q.per_page ?? 30,
    });
  };
  const TupleItem = Type.Union([TupleDetailedRead, TupleRead]);

  api.get(
    "/relationship_tuples",
    {
      schema: {
        tags,
        params: FactsParams,
        querystring: Type.Object({ ...TupleQuery, ...Flags }),
        response: { 200: Type.Union([Type.Array(TupleItem), Paginated(TupleItem)]) },
      },
    },
    async (req) => {
      const page = await listTuplePage(req.query);
      const data = req.query.detailed ? await detailedTuples(page.data) : await plainTuples(page.data);
      return shaped(page, data, req.query.include_total_count);
    },
  );
  api.get(
    "/relationship_tuples/detailed",
    {
      schema: {
        tags,
        params: FactsParams,
        querystring: Type.Object(TupleQuery),
        response: { 200: Paginated(TupleDetailedRead) },
      },
    },
    async (req) => {
      const page = await listTuplePage(req.query);
      return { ...page, data: await detailedTuples(page.data) };
    },
  );
}
