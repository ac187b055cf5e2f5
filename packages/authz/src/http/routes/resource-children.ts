/**
 * The routes of a kind of object a resource type owns (action groups, resource roles, relations):
 * `/resources/{r}/{segment}` to list and create, `/resources/{r}/{segment}/{id}` to read, update and
 * delete. Each kind supplies its service calls with outputs already in their wire shape.
 */
import { type Static, type TSchema, Type } from "typebox";
import type { Committed } from "../../service/context.ts";
import { type Api, committed } from "../plumbing.ts";
import { FactsParams, PathKey } from "../schemas.ts";
import { ListQuery, listResponse, paginate } from "./lists.ts";

export const ResourceParams = Type.Object({ ...FactsParams.properties, resource_id: PathKey });

export interface ResourceChildren<Read extends TSchema, Create extends TSchema, Update extends TSchema> {
  /** The path segment after `/resources/:resource_id/`. */
  segment: string;
  /** The name of the child's id in the path, as Permit's API names it. */
  idParam: string;
  tags: string[];
  schemas: { read: Read; create: Create; update?: Update };
  list(resource: string): Promise<Static<Read>[]>;
  create(resource: string, body: Static<Create>): Promise<Committed<Static<Read>>>;
  get(resource: string, id: string): Promise<Static<Read>>;
  /** Absent when the kind cannot be changed in place. */
  update?(resource: string, id: string, body: Static<Update>): Promise<Committed<Static<Read>>>;
  remove(resource: string, id: string): Promise<Committed<unknown>>;
}

/** A committed write with its value mapped to its wire shape (the version stays the write's). */
export async function mapCommitted<T, U>(
  write: Promise<Committed<T>>,
  toWire: (value: T) => U | Promise<U>,
): Promise<Committed<U>> {
  const { value, version } = await write;
  return { value: await toWire(value), version };
}

/** Registers the five routes (four without `update`). */
export function resourceChildRoutes<Read extends TSchema, Create extends TSchema, Update extends TSchema>(
  api: Api,
  spec: ResourceChildren<Read, Create, Update>,
): void {
  const { tags } = spec;
  // Registered as plain schemas: Fastify's type provider cannot relate a type parameter's `Static` to
  // the handlers', so bodies are cast to the spec's types below (the schemas validate them first).
  const read: TSchema = spec.schemas.read;
  const create: TSchema = spec.schemas.create;
  const updateBody: TSchema | undefined = spec.schemas.update;
  const ChildParams = Type.Object({ ...ResourceParams.properties, [spec.idParam]: PathKey });
  const collection = `/resources/:resource_id/${spec.segment}`;
  const one = `${collection}/:${spec.idParam}`;
  // Fastify's type provider cannot follow a parameter name chosen at run time: read the ids by name.
  const ids = (params: unknown) => {
    const p = params as Record<string, string>;
    return { resource: p["resource_id"]!, id: p[spec.idParam]! };
  };
  api.get(
    collection,
    {
      schema: {
        tags,
        params: ResourceParams,
        querystring: Type.Object(ListQuery),
        response: { 200: listResponse(read) },
      },
    },
    async (req) => paginate(await spec.list(req.params.resource_id), req.query),
  );
  api.post(
    collection,
    { schema: { tags, params: ResourceParams, body: create, response: { 201: read } } },
    async (req, reply) => {
      const value = committed(reply, await spec.create(req.params.resource_id, req.body as Static<Create>));
      reply.code(201);
      return value;
    },
  );
  api.get(one, { schema: { tags, params: ChildParams, response: { 200: read } } }, async (req) => {
    const { resource, id } = ids(req.params);
    return spec.get(resource, id);
  });
  const { update } = spec;
  if (update !== undefined && updateBody !== undefined)
    api.patch(
      one,
      { schema: { tags, params: ChildParams, body: updateBody, response: { 200: read } } },
      async (req, reply) => {
        const { resource, id } = ids(req.params);
        return committed(reply, await update(resource, id, req.body as Static<Update>));
      },
    );
  api.delete(one, { schema: { tags, params: ChildParams } }, async (req, reply) => {
    const { resource, id } = ids(req.params);
    committed(reply, await spec.remove(resource, id));
    return reply.code(204).send();
  });
}
