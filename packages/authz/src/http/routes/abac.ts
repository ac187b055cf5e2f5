import { Type } from "typebox";
import * as svc from "../../service/abac-schema.ts";
import type { AuthzCore } from "../../service/context.ts";
import { listResources } from "../../storage/resources.ts";
import * as objects from "../../storage/schema-objects.ts";
import { conditionSetRead, setRuleRead } from "../model-read-models.ts";
import {
  ConditionSetCreate,
  ConditionSetRead,
  ConditionSetUpdate,
  SetRuleCreate,
  SetRuleRead,
} from "../model-schemas.ts";
import { type Api, committed } from "../plumbing.ts";
import { FactsParams, PathKey } from "../schemas.ts";
import { ListQuery, listResponse, paginate } from "./lists.ts";

const SetParams = Type.Object({ ...FactsParams.properties, condition_set_id: PathKey });
const tags = ["condition sets and rules"];

async function setOut(core: AuthzCore, sets: svc.ConditionSetRecord[]) {
  const resources = new Map((await listResources(core.store.db)).map((r) => [r.key, r]));
  const ids = new Map(
    (await objects.listSchemaObjects(core.store.db, "condition_set")).map((c) => [c.key, c.id]),
  );
  return sets.map((c) =>
    conditionSetRead(
      core.scope,
      c,
      c.body.resource ? resources.get(c.body.resource) : undefined,
      c.body.parent ? ids.get(c.body.parent) : undefined,
    ),
  );
}

/** Condition sets: `/v2/schema/{p}/{e}/condition_sets`. */
export function conditionSetRoutes(api: Api, core: AuthzCore): void {
  api.get(
    "/condition_sets",
    {
      schema: {
        tags,
        params: FactsParams,
        querystring: Type.Object({
          ...ListQuery,
          type: Type.Optional(Type.Union([Type.Literal("userset"), Type.Literal("resourceset")])),
          search: Type.Optional(Type.String({ maxLength: 256 })),
        }),
        response: { 200: listResponse(ConditionSetRead) },
      },
    },
    async (req) => paginate(await setOut(core, await svc.listConditionSets(core, req.query.type)), req.query),
  );
  api.post(
    "/condition_sets",
    { schema: { tags, params: FactsParams, body: ConditionSetCreate, response: { 201: ConditionSetRead } } },
    async (req, reply) => {
      const set = committed(reply, await svc.createConditionSet(core, req.body));
      reply.code(201);
      return (await setOut(core, [set]))[0];
    },
  );
  api.get(
    "/condition_sets/:condition_set_id",
    { schema: { tags, params: SetParams, response: { 200: ConditionSetRead } } },
    async (req) => (await setOut(core, [await svc.getConditionSet(core, req.params.condition_set_id)]))[0],
  );
  api.patch(
    "/condition_sets/:condition_set_id",
    { schema: { tags, params: SetParams, body: ConditionSetUpdate, response: { 200: ConditionSetRead } } },
    async (req, reply) =>
      (
        await setOut(core, [
          committed(reply, await svc.updateConditionSet(core, req.params.condition_set_id, req.body)),
        ])
      )[0],
  );
  api.delete(
    "/condition_sets/:condition_set_id",
    { schema: { tags, params: SetParams } },
    async (req, reply) => {
      committed(reply, await svc.deleteConditionSet(core, req.params.condition_set_id));
      return reply.code(204).send();
    },
  );
}

/** Condition-set rules: `/v2/facts/{p}/{e}/set_rules`. Create answers an array, as Permit does. */
export function setRuleRoutes(api: Api, core: AuthzCore): void {
  api.get(
    "/set_rules",
    {
      schema: {
        tags,
        params: FactsParams,
        querystring: Type.Object({
          ...ListQuery,
          user_set: Type.Optional(Type.String({ maxLength: 256 })),
          permission: Type.Optional(Type.String({ maxLength: 300 })),
          resource_set: Type.Optional(Type.String({ maxLength: 256 })),
        }),
        response: { 200: listResponse(SetRuleRead) },
      },
    },
    async (req) => {
      const q = req.query;
      const rules = await svc.listSetRules(core, {
        user_set: q.user_set,
        permission: q.permission,
        resource_set: q.resource_set,
      });
      return paginate(
        rules.map((r) => setRuleRead(core.scope, r)),
        q,
      );
    },
  );
  api.post(
    "/set_rules",
    {
      schema: { tags, params: FactsParams, body: SetRuleCreate, response: { 200: Type.Array(SetRuleRead) } },
    },
    async (req, reply) => [
      setRuleRead(core.scope, committed(reply, await svc.createSetRule(core, req.body))),
    ],
  );
  api.delete(
    "/set_rules",
    { schema: { tags, params: FactsParams, body: SetRuleCreate } },
    async (req, reply) => {
      committed(reply, await svc.deleteSetRule(core, req.body));
      return reply.code(204).send();
    },
  );
}
