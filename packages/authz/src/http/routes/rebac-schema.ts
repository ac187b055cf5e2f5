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
import { FactsParams, PathKey, PermissionList } from "../schemas.ts";
import { ListQuery, listResponse, paginate } from "./lists.ts";

const ResourceParams = Type.Object({ ...FactsParams.properties, resource_id: PathKey });
const RoleParams = Type.Object({ ...ResourceParams.properties, role_id: PathKey });
const RelationParams = Type.Object({ ...ResourceParams.properties, relation_id: PathKey });
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

  api.get(
    "/resources/:resource_id/roles",
    {
      schema: {
        tags,
        params: ResourceParams,
        querystring: Type.Object(ListQuery),
        response: { 200: listResponse(ResourceRoleRead) },
      },
    },
    async (req) => {
      const ids = await schemaIds(core);
      const roles = await svc.listResourceRoles(core, req.params.resource_id);
      return paginate(
        roles.map((r) => resourceRoleRead(s, r, ids)),
        req.query,
      );
    },
  );
  api.post(
    "/resources/:resource_id/roles",
    {
      schema: { tags, params: ResourceParams, body: ResourceRoleCreate, response: { 201: ResourceRoleRead } },
    },
    async (req, reply) => {
      reply.code(201);
      return roleOut(committed(reply, await svc.createResourceRole(core, req.params.resource_id, req.body)));
    },
  );
  api.get(
    "/resources/:resource_id/roles/:role_id",
    { schema: { tags, params: RoleParams, response: { 200: ResourceRoleRead } } },
    async (req) => roleOut(await svc.getResourceRole(core, req.params.resource_id, req.params.role_id)),
  );
  api.patch(
    "/resources/:resource_id/roles/:role_id",
    { schema: { tags, params: RoleParams, body: ResourceRoleUpdate, response: { 200: ResourceRoleRead } } },
    async (req, reply) =>
      roleOut(
        committed(
          reply,
          await svc.updateResourceRole(core, req.params.resource_id, req.params.role_id, req.body),
        ),
      ),
  );
  api.delete(
    "/resources/:resource_id/roles/:role_id",
    { schema: { tags, params: RoleParams } },
    async (req, reply) => {
      committed(reply, await svc.deleteResourceRole(core, req.params.resource_id, req.params.role_id));
      return reply.code(204).send();
    },
  );
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
  api.get(
    "/resources/:resource_id/relations",
    {
      schema: {
        tags,
        params: ResourceParams,
        querystring: Type.Object(ListQuery),
        response: { 200: listResponse(RelationRead) },
      },
    },
    async (req) => {
      const ids = await schemaIds(core);
      return paginate(
        (await svc.listRelations(core, req.params.resource_id)).map((r) => relationRead(s, r, ids)),
        req.query,
      );
    },
  );
  api.post(
    "/resources/:resource_id/relations",
    { schema: { tags, params: ResourceParams, body: RelationCreate, response: { 201: RelationRead } } },
    async (req, reply) => {
      const r = committed(reply, await svc.createRelation(core, req.params.resource_id, req.body));
      reply.code(201);
      return relationRead(s, r, await schemaIds(core));
    },
  );
  api.get(
    "/resources/:resource_id/relations/:relation_id",
    { schema: { tags, params: RelationParams, response: { 200: RelationRead } } },
    async (req) =>
      relationRead(
        s,
        await svc.getRelation(core, req.params.resource_id, req.params.relation_id),
        await schemaIds(core),
      ),
  );
  api.delete(
    "/resources/:resource_id/relations/:relation_id",
    { schema: { tags, params: RelationParams } },
    async (req, reply) => {
      committed(reply, await svc.deleteRelation(core, req.params.resource_id, req.params.relation_id));
      return reply.code(204).send();
    },
  );
}
