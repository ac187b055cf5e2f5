import * as svc from "../../service/action-groups.ts";
import type { AuthzCore } from "../../service/context.ts";
import { actionGroupRead } from "../model-read-models.ts";
import { ActionGroupCreate, ActionGroupRead, ActionGroupUpdate } from "../model-schemas.ts";
import type { Api } from "../plumbing.ts";
import { mapCommitted, resourceChildRoutes } from "./resource-children.ts";

/** Action groups: `/v2/schema/{p}/{e}/resources/{r}/action_groups`. */
export function actionGroupRoutes(api: Api, core: AuthzCore): void {
  const out = (v: { resource: { id: string }; group: svc.ActionGroupRecord }) =>
    actionGroupRead(core.scope, v.group, v.resource.id);
  resourceChildRoutes(api, {
    segment: "action_groups",
    idParam: "action_group_id",
    tags: ["action groups"],
    schemas: { read: ActionGroupRead, create: ActionGroupCreate, update: ActionGroupUpdate },
    async list(resourceId) {
      const { resource, groups } = await svc.listActionGroups(core, resourceId);
      return groups.map((group) => out({ resource, group }));
    },
    create: (resource, body) => mapCommitted(svc.createActionGroup(core, resource, body), out),
    get: async (resource, id) => out(await svc.getActionGroup(core, resource, id)),
    update: (resource, id, body) => mapCommitted(svc.updateActionGroup(core, resource, id, body), out),
    remove: (resource, id) => svc.deleteActionGroup(core, resource, id),
  });
}
