import { Type } from "typebox";
import type { AuthzCore } from "../../service/context.ts";
import * as svc from "../../service/rebac-schema.ts";
import { listResources } from "../../storage/resources.ts";
import * as objects from "../../storage/schema-objects.ts";
import { relationRead, resourceRoleRead, type SchemaIds } from "../model-read-models.ts";
import {
  DerivationSettings,
  DerivedRoleRule,
  DerivedRoleRuleDelete,
  DerivedRoleRuleRead,
  RelationCreate,
  RelationRead,
  ResourceRoleCreate,
  ResourceRoleRead,
  ResourceRoleUpdate,
} from "../model-schemas.ts";
import { type Api, committed } from "../plumbing.ts";
import { PathKey, PermissionList } from "../schemas.ts";
import { mapCommitted, ResourceParams, resourceChildRoutes } from "./resource-children.ts";

const RoleParams = Type.Object({ ...ResourceParams.properties, role_id: PathKey });

const tags = ["resource roles and relations"];

async function schemaIds(core: AuthzCore): Promise<SchemaIds> {
  const db = core.store.db;
  return {
    resources: new Map((await listResources(db)).map((r) => [r.key, r.id])),
    roles: new Map(
      (await objects.listSchemaObjects(db, "resource_role")).map((r) => [`${r.scope}#${r.key}`, r.id]),
    ),
    relations: new Map(
      (await objects.listSchemaObjects(db, "relation")).map((r) => [`${r.scope}#${r.key}`, r.id]),
    ),
  };
}

/**
 * Resource roles (with their derivations, Permit's implicit grants) and relations:
 * `/v2/schema/{p}/{e}/resources/{r}/roles|relations`.
 */
export function rebacSchemaRoutes(api: Api, core: AuthzCore): void {
  const s = core.scope;
  const roleOut = async (r: svc.ResourceRoleRecord) => resourceRoleRead(s, r, await schemaIds(core));

  resourceChildRoutes(api, {
    segment: "roles",
    idParam: "role_id",
    tags,
    schemas: { read: ResourceRoleRead, create: ResourceRoleCreate, update: ResourceRoleUpdate },
    async list(resource) {
      const ids = await schemaIds(core);
      return (await svc.listResourceRoles(core, resource)).map((r) => resourceRoleRead(s, r, ids));
    },
    create: (resource, body) => mapCommitted(svc.createResourceRole(core, resource, body), roleOut),
    get: async (resource, role) => roleOut(await svc.getResourceRole(core, resource, role)),
    update: (resource, role, body) =>
      mapCommitted(svc.updateResourceRole(core, resource, role, body), roleOut),
    remove: (resource, role) => svc.deleteResourceRole(core, resource, role),
  });
  api.post(
    "/resources/:resource_id/roles/:role_id/permissions",
    { schema: { tags, params: RoleParams, body: PermissionList, response: { 200: ResourceRoleRead } } },
    async (req, reply) =>
      roleOut(
        committed(
          reply,
          await svc.assignResourceRolePermissions(
            core,
            req.params.resource_id,
            req.params.role_id,
            req.body.permissions,
          ),
        ),
      ),
  );
  api.delete(
    "/resources/:resource_id/roles/:role_id/permissions",
    { schema: { tags, params: RoleParams, body: PermissionList, response: { 200: ResourceRoleRead } } },
    async (req, reply) =>
      roleOut(
        committed(
          reply,
          await svc.removeResourceRolePermissions(
            core,
            req.params.resource_id,
            req.params.role_id,
            req.body.permissions,
          ),
        ),
      ),
  );

  // ---- derivations (implicit grants) ----
  api.post(
    "/resources/:resource_id/roles/:role_id/implicit_grants",
    { schema: { tags, params: RoleParams, body: DerivedRoleRule, response: { 200: DerivedRoleRuleRead } } },
    async (req, reply) => {
      const { role, on_resource, linked_by_relation, when } = req.body;
      const rule = { role, on_resource, linked_by_relation };
      let record = committed(
        reply,
        await svc.addDerivation(core, req.params.resource_id, req.params.role_id, rule),
      );
      if (when !== undefined)
        record = committed(
          reply,
          await svc.setDerivationConditions(core, req.params.resource_id, req.params.role_id, when),
        );
      const read = resourceRoleRead(s, record, await schemaIds(core));
      return read.granted_to.users_with_role.find(
        (d) => d.role === role && d.linked_by_relation === linked_by_relation,
      );
    },
  );
  api.delete(
    "/resources/:resource_id/roles/:role_id/implicit_grants",
    { schema: { tags, params: RoleParams, body: DerivedRoleRuleDelete } },
    async (req, reply) => {
      const resources = new Map((await listResources(core.store.db)).map((r) => [r.id, r.key]));
      const rule = { ...req.body, on_resource: resources.get(req.body.on_resource) ?? req.body.on_resource };
      committed(reply, await svc.removeDerivation(core, req.params.resource_id, req.params.role_id, rule));
      return reply.code(204).send();
    },
  );
  api.put(
    "/resources/:resource_id/roles/:role_id/implicit_grants/conditions",
    { schema: { tags, params: RoleParams, body: DerivationSettings, response: { 200: DerivationSettings } } },
    async (req, reply) => {
      const r = committed(
        reply,
        await svc.setDerivationConditions(core, req.params.resource_id, req.params.role_id, req.body),
      );
      return { no_direct_roles_on_object: r.body.granted_to?.when?.no_direct_roles_on_object === true };
    },
  );

  // ---- relations ----
  const relationOut = async (r: svc.RelationRecord) => relationRead(s, r, await schemaIds(core));
  resourceChildRoutes(api, {
    segment: "relations",
    idParam: "relation_id",
    tags,
    schemas: { read: RelationRead, create: RelationCreate },
    async list(resource) {
      const ids = await schemaIds(core);
      return (await svc.listRelations(core, resource)).map((r) => relationRead(s, r, ids));
    },
    create: (resource, body) => mapCommitted(svc.createRelation(core, resource, body), relationOut),
    get: async (resource, relation) => relationOut(await svc.getRelation(core, resource, relation)),
    remove: (resource, relation) => svc.deleteRelation(core, resource, relation),
  });
}
