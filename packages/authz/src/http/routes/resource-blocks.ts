import type { ActionGroupDef, RelationDef } from "@tollgate/policy";
import type { AuthzCore } from "../../service/context.ts";
import type { ResourceRoleBody } from "../../service/rebac-schema.ts";
import { listResources } from "../../storage/resources.ts";
import * as objects from "../../storage/schema-objects.ts";
import type { ResourceBlocks } from "../read-models.ts";

/**
 * Loads every resource role, relation and action group once and returns, per resource key, the
 * maps `ResourceRead` carries: `roles` (key → {name, permissions, granted_to}), `relations`
 * (key → {resource_id, resource}) and `action_groups` (key → actions).
 */
export async function resourceBlocks(core: AuthzCore): Promise<(resource: string) => ResourceBlocks> {
  const db = core.store.db;
  const ids = new Map((await listResources(db)).map((r) => [r.key, r.id]));
  const roles = await objects.listSchemaObjects<ResourceRoleBody>(db, "resource_role");
  const relations = await objects.listSchemaObjects<RelationDef>(db, "relation");
  const groups = await objects.listSchemaObjects<ActionGroupDef>(db, "action_group");
  return (resource) => ({
    roles: Object.fromEntries(
      roles
        .filter((r) => r.scope === resource)
        .map((r) => [
          r.key,
          {
            name: r.body.name,
            description: r.body.description,
            permissions: r.body.permissions,
            granted_to: r.body.granted_to,
          },
        ]),
    ),
    relations: Object.fromEntries(
      relations
        .filter((r) => r.scope === resource)
        .map((r) => [
          r.key,
          { resource_id: ids.get(r.body.subject_resource) ?? "", resource: r.body.subject_resource },
        ]),
    ),
    action_groups: Object.fromEntries(
      groups.filter((g) => g.scope === resource).map((g) => [g.key, g.body.actions]),
    ),
  });
}
