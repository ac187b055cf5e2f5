import { Type } from "typebox";
import type { AuthzCore } from "../../service/context.ts";
import * as svc from "../../service/resources.ts";
import { type Api, committed } from "../plumbing.ts";
import { resourceActionRead, resourceAttributeRead, resourceRead } from "../read-models.ts";
import {
  FactsParams,
  PathKey,
  ResourceActionCreate,
  ResourceActionRead,
  ResourceActionUpdate,
  ResourceAttributeCreate,
  ResourceAttributeRead,
  ResourceAttributeUpdate,
  ResourceCreate,
  ResourceRead,
  ResourceReplace,
  ResourceUpdate,
  SchemaKey,
} from "../schemas.ts";
import { ListQuery, listResponse, paginate } from "./lists.ts";
import { resourceBlocks } from "./resource-blocks.ts";

const ResourceParams = Type.Object({ ...FactsParams.properties, resource_id: PathKey });
/** PUT creates the resource its path names, so the path must be a valid resource key (or an id). */
const ReplaceParams = Type.Object({ ...FactsParams.properties, resource_id: SchemaKey });
const ActionParams = Type.Object({ ...ResourceParams.properties, action_id: PathKey });
const AttributeParams = Type.Object({ ...ResourceParams.properties, attribute_id: PathKey });
const tags = ["resources"];

/** Resource types with their actions and attributes: `/v2/schema/{p}/{e}/resources`. */
export function resourceRoutes(api: Api, core: AuthzCore): void {
  const s = core.scope;

  api.get(
    "/resources",
    {
      schema: {
        tags,
        params: FactsParams,
        querystring: Type.Object({ ...ListQuery, include_built_in: Type.Optional(Type.Boolean()) }),
        response: { 200: listResponse(ResourceRead) },
      },
    },
    async (req) => {
      const all = await svc.listResources(core);
      const shown = req.query.include_built_in ? all : all.filter((r) => r.key !== svc.USER_RESOURCE);
      const blocks = await resourceBlocks(core);
      return paginate(
        shown.map((r) => resourceRead(s, r, blocks(r.key))),
        req.query,
      );
    },
  );
  api.post(
    "/resources",
    { schema: { tags, params: FactsParams, body: ResourceCreate, response: { 201: ResourceRead } } },
    async (req, reply) => {
      reply.code(201);
      return resourceRead(s, committed(reply, await svc.createResource(core, req.body)));
    },
  );
  api.get(
    "/resources/:resource_id",
    { schema: { tags, params: ResourceParams, response: { 200: ResourceRead } } },
    async (req) => {
      const r = await svc.getResource(core, req.params.resource_id);
      return resourceRead(s, r, (await resourceBlocks(core))(r.key));
    },
  );
  api.patch(
    "/resources/:resource_id",
    { schema: { tags, params: ResourceParams, body: ResourceUpdate, response: { 200: ResourceRead } } },
    async (req, reply) =>
      resourceRead(s, committed(reply, await svc.updateResource(core, req.params.resource_id, req.body))),
  );
  api.put(
    "/resources/:resource_id",
    { schema: { tags, params: ReplaceParams, body: ResourceReplace, response: { 200: ResourceRead } } },
    async (req, reply) =>
      resourceRead(s, committed(reply, await svc.replaceResource(core, req.params.resource_id, req.body))),
  );
  api.delete("/resources/:resource_id", { schema: { tags, params: ResourceParams } }, async (req, reply) => {
    committed(reply, await svc.deleteResource(core, req.params.resource_id));
    return reply.code(204).send();
  });

  // ---- actions
  api.get(
    "/resources/:resource_id/actions",
    {
      schema: {
        tags,
        params: ResourceParams,
        querystring: Type.Object(ListQuery),
        response: { 200: listResponse(ResourceActionRead) },
      },
    },
    async (req) => {
      const r = await svc.getResource(core, req.params.resource_id);
      const all = Object.entries(r.actions).map(([k, a]) => resourceActionRead(s, r, k, a));
      return paginate(all, req.query);
    },
  );
  api.post(
    "/resources/:resource_id/actions",
    {
      schema: {
        tags,
        params: ResourceParams,
        body: ResourceActionCreate,
        response: { 201: ResourceActionRead },
      },
    },
    async (req, reply) => {
      const { resource, key, action } = committed(
        reply,
        await svc.createAction(core, req.params.resource_id, req.body),
      );
      reply.code(201);
      return resourceActionRead(s, resource, key, action);
    },
  );
  api.get(
    "/resources/:resource_id/actions/:action_id",
    { schema: { tags, params: ActionParams, response: { 200: ResourceActionRead } } },
    async (req) => {
      const { resource, key, action } = await svc.getAction(
        core,
        req.params.resource_id,
        req.params.action_id,
      );
      return resourceActionRead(s, resource, key, action);
    },
  );
  api.patch(
    "/resources/:resource_id/actions/:action_id",
    {
      schema: {
        tags,
        params: ActionParams,
        body: ResourceActionUpdate,
        response: { 200: ResourceActionRead },
      },
    },
    async (req, reply) => {
      const { resource, key, action } = committed(
        reply,
        await svc.updateAction(core, req.params.resource_id, req.params.action_id, req.body),
      );
      return resourceActionRead(s, resource, key, action);
    },
  );
  api.delete(
    "/resources/:resource_id/actions/:action_id",
    { schema: { tags, params: ActionParams } },
    async (req, reply) => {
      committed(reply, await svc.deleteAction(core, req.params.resource_id, req.params.action_id));
      return reply.code(204).send();
    },
  );

  // ---- attributes
  api.get(
    "/resources/:resource_id/attributes",
    {
      schema: {
        tags,
        params: ResourceParams,
        querystring: Type.Object(ListQuery),
        response: { 200: listResponse(ResourceAttributeRead) },
      },
    },
    async (req) => {
      const r = await svc.getResource(core, req.params.resource_id);
      const all = Object.entries(r.attributes).map(([k, a]) => resourceAttributeRead(s, r, k, a));
      return paginate(all, req.query);
    },
  );
  api.post(
    "/resources/:resource_id/attributes",
    {
      schema: {
        tags,
        params: ResourceParams,
        body: ResourceAttributeCreate,
        response: { 201: ResourceAttributeRead },
      },
    },
    async (req, reply) => {
      const { key, ...rest } = req.body;
      const { resource, attribute } = committed(
        reply,
        await svc.putAttribute(core, req.params.resource_id, key, rest, "create"),
      );
      reply.code(201);
      return resourceAttributeRead(s, resource, key, attribute);
    },
  );
  api.get(
    "/resources/:resource_id/attributes/:attribute_id",
    { schema: { tags, params: AttributeParams, response: { 200: ResourceAttributeRead } } },
    async (req) => {
      const { resource, key, attribute } = await svc.getAttribute(
        core,
        req.params.resource_id,
        req.params.attribute_id,
      );
      return resourceAttributeRead(s, resource, key, attribute);
    },
  );
  api.patch(
    "/resources/:resource_id/attributes/:attribute_id",
    {
      schema: {
        tags,
        params: AttributeParams,
        body: ResourceAttributeUpdate,
        response: { 200: ResourceAttributeRead },
      },
    },
    async (req, reply) => {
      const { resource, key, attribute } = committed(
        reply,
        await svc.putAttribute(core, req.params.resource_id, req.params.attribute_id, req.body, "update"),
      );
      return resourceAttributeRead(s, resource, key, attribute);
    },
  );
  api.delete(
    "/resources/:resource_id/attributes/:attribute_id",
    { schema: { tags, params: AttributeParams } },
    async (req, reply) => {
      committed(reply, await svc.deleteAttribute(core, req.params.resource_id, req.params.attribute_id));
      return reply.code(204).send();
    },
  );
}
