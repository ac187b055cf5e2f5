import { Type } from "typebox";
import * as svc from "../../service/action-groups.ts";
import type { AuthzCore } from "../../service/context.ts";
import { actionGroupRead } from "../model-read-models.ts";
import { ActionGroupCreate, ActionGroupRead, ActionGroupUpdate } from "../model-schemas.ts";
import { type Api, committed } from "../plumbing.ts";
import { FactsParams, PathKey } from "../schemas.ts";
import { ListQuery, listResponse, paginate } from "./lists.ts";

const ResourceParams = Type.Object({ ...FactsParams.properties, resource_id: PathKey });
const GroupParams = Type.Object({ ...ResourceParams.properties, action_group_id: PathKey });
const tags = ["action groups"];

/** Action groups: `/v2/schema/{p}/{e}/resources/{r}/action_groups`. */
export function actionGroupRoutes(api: Api, core: AuthzCore): void {
  const s = core.scope;
  const out = (v: { resource: { id: string }; group: svc.ActionGroupRecord }) =>
    actionGroupRead(s, v.group, v.resource.id);
  api.get(
    "/resources/:resource_id/action_groups",
    {
      schema: {
        tags,
        params: ResourceParams,
        querystring: Type.Object(ListQuery),
        response: { 200: listResponse(ActionGroupRead) },
      },
    },
    async (req) => {
      const { resource, groups } = await svc.listActionGroups(core, req.params.resource_id);
      return paginate(
        groups.map((group) => out({ resource, group })),
        req.query,
      );
    },
  );
  api.post(
    "/resources/:resource_id/action_groups",
    { schema: { tags, params: ResourceParams, body: ActionGroupCreate, response: { 201: ActionGroupRead } } },
    async (req, reply) => {
      reply.code(201);
      return out(committed(reply, await svc.createActionGroup(core, req.params.resource_id, req.body)));
    },
  );
  api.get(
    "/resources/:resource_id/action_groups/:action_group_id",
    { schema: { tags, params: GroupParams, response: { 200: ActionGroupRead } } },
    async (req) => out(await svc.getActionGroup(core, req.params.resource_id, req.params.action_group_id)),
  );
  api.patch(
    "/resources/:resource_id/action_groups/:action_group_id",
    { schema: { tags, params: GroupParams, body: ActionGroupUpdate, response: { 200: ActionGroupRead } } },
    async (req, reply) =>
      out(
        committed(
          reply,
          await svc.updateActionGroup(core, req.params.resource_id, req.params.action_group_id, req.body),
        ),
      ),
  );
  api.delete(
    "/resources/:resource_id/action_groups/:action_group_id",
    { schema: { tags, params: GroupParams } },
    async (req, reply) => {
      committed(reply, await svc.deleteActionGroup(core, req.params.resource_id, req.params.action_group_id));
      return reply.code(204).send();
    },
  );
}
