/** Action groups: named sets of a resource's actions. Metadata only; they grant nothing. */
import type { ActionGroupDef } from "@tollgate/policy";
import type { ResourceRecord, SchemaObjectRecord } from "../storage/records.ts";
import * as objects from "../storage/schema-objects.ts";
import type { Db } from "../storage/store.ts";
import { commit } from "./commit.ts";
import type { AuthzCore, Committed } from "./context.ts";
import { duplicate, notFound } from "./errors.ts";
import { newId } from "./ids.ts";
import { mustGetResource } from "./resources.ts";

export type ActionGroupBody = ActionGroupDef & { attributes?: Record<string, unknown> | undefined };
export type ActionGroupRecord = SchemaObjectRecord<ActionGroupBody>;

export interface ActionGroupInput {
  key: string;
  name: string;
  description?: string | undefined;
  attributes?: Record<string, unknown> | undefined;
  actions?: string[] | undefined;
}

function checkActions(resource: ResourceRecord, actions: readonly string[]): string[] {
  for (const a of actions) if (!Object.hasOwn(resource.actions, a)) throw notFound("ResourceAction", a);
  return [...new Set(actions)];
}

async function mustGetGroup(db: Db, resource: string, group: string): Promise<ActionGroupRecord> {
  const g = await objects.getSchemaObject<ActionGroupBody>(db, "action_group", resource, group);
  if (g === undefined) throw notFound("ResourceActionGroup", group);
  return g;
}

export async function listActionGroups(core: AuthzCore, resource: string) {
  const r = await mustGetResource(core.store.db, resource);
  return {
    resource: r,
    groups: await objects.listSchemaObjects<ActionGroupBody>(core.store.db, "action_group", r.key),
  };
}

export async function getActionGroup(core: AuthzCore, resource: string, group: string) {
  const r = await mustGetResource(core.store.db, resource);
  return { resource: r, group: await mustGetGroup(core.store.db, r.key, group) };
}

/** Action groups change no decision, but are logged as a `resource` change so replicas' reads agree. */
export function createActionGroup(core: AuthzCore, resourceKey: string, input: ActionGroupInput) {
  return commit(core, {
    kind: "resource",
    async run(tx) {
      const r = await mustGetResource(tx, resourceKey);
      if (await objects.getSchemaObject(tx, "action_group", r.key, input.key))
        throw duplicate("action group", input.key);
      const at = core.now();
      const group: ActionGroupRecord = {
        id: newId(),
        kind: "action_group",
        scope: r.key,
        key: input.key,
        body: {
          resource: r.key,
          key: input.key,
          name: input.name,
          description: input.description,
          attributes: input.attributes,
          actions: checkActions(r, input.actions ?? []),
        },
        created_at: at,
        updated_at: at,
      };
      await objects.insertSchemaObject(tx, group);
      return { value: { resource: r, group }, keys: [r.key] };
    },
  });
}

export function updateActionGroup(
  core: AuthzCore,
  resourceKey: string,
  key: string,
  patch: Partial<Omit<ActionGroupInput, "key">>,
): Promise<Committed<{ resource: ResourceRecord; group: ActionGroupRecord }>> {
  return commit(core, {
    kind: "resource",
    async run(tx) {
      const r = await mustGetResource(tx, resourceKey);
      const g = await mustGetGroup(tx, r.key, key);
      const group: ActionGroupRecord = {
        ...g,
        body: {
          ...g.body,
          name: patch.name ?? g.body.name,
          description: patch.description ?? g.body.description,
          attributes: patch.attributes ?? g.body.attributes,
          actions: patch.actions ? checkActions(r, patch.actions) : g.body.actions,
        },
        updated_at: core.now(),
      };
      await objects.updateSchemaObject(tx, group);
      return { value: { resource: r, group }, keys: [r.key] };
    },
  });
}

export function deleteActionGroup(
  core: AuthzCore,
  resourceKey: string,
  key: string,
): Promise<Committed<void>> {
  return commit(core, {
    kind: "resource",
    async run(tx) {
      const r = await mustGetResource(tx, resourceKey);
      await objects.deleteSchemaObject(tx, (await mustGetGroup(tx, r.key, key)).id);
      return { value: undefined, keys: [r.key] };
    },
  });
}
