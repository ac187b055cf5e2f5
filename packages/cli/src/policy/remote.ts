import type { PolicyDocument } from "@tollgate/policy";
import type { Permit } from "permitio";
import { applyModelStep, readModel } from "./model-remote.ts";
import { everyPage } from "./pages.ts";
import type { PolicyStep } from "./plan.ts";

/** Reads the schema (resources and roles) through the SDK: works against Tollgate and Permit.io alike. */
export async function readPolicy(permit: Permit): Promise<PolicyDocument> {
  const resources = await everyPage((page) => permit.api.resources.list(page));
  const roles = await everyPage((page) => permit.api.roles.list(page));
  const model = await readModel(
    permit,
    resources.map((r) => r.key),
  );
  return {
    ...model,
    resources: resources.map((r) => ({
      key: r.key,
      name: r.name,
      description: r.description ?? undefined,
      actions: Object.fromEntries(
        Object.entries(r.actions ?? {}).map(([k, a]) => [k, { name: a.name ?? undefined }]),
      ),
    })),
    roles: roles.map((r) => ({
      key: r.key,
      name: r.name,
      description: r.description ?? undefined,
      permissions: r.permissions ?? [],
      // `extends` is returned by the API though the Node SDK's types no longer declare it.
      extends: (r as { extends?: string[] }).extends ?? [],
    })),
  };
}

/** Applies one step through the SDK. */
export async function applyStep(permit: Permit, step: PolicyStep): Promise<void> {
  const api = permit.api;
  switch (step.op) {
    case "create_resource":
      await api.resources.create({
        key: step.resource.key,
        name: step.resource.name,
        description: step.resource.description,
        actions: Object.fromEntries(
          Object.entries(step.resource.actions).map(([k, a]) => [k, { name: a.name }]),
        ),
      });
      return;
    case "update_resource":
      await api.resources.update(step.key, { name: step.name, description: step.description });
      return;
    case "create_action":
      await api.resourceActions.create(step.resource, { key: step.action, name: step.name ?? step.action });
      return;
    case "delete_action":
      await api.resourceActions.delete(step.resource, step.action);
      return;
    case "delete_resource":
      await api.resources.delete(step.key);
      return;
    case "create_role":
      await api.roles.create({
        key: step.role.key,
        name: step.role.name,
        description: step.role.description,
        permissions: step.role.permissions,
      });
      return;
    case "update_role":
      await api.roles.update(step.key, {
        ...(step.name !== undefined && { name: step.name }),
        ...(step.description !== undefined && { description: step.description }),
        ...(step.extends !== undefined && { extends: step.extends }),
      } as Parameters<typeof api.roles.update>[1]);
      return;
    case "add_permissions":
      await api.roles.assignPermissions(step.role, step.permissions);
      return;
    case "remove_permissions":
      await api.roles.removePermissions(step.role, step.permissions);
      return;
    case "delete_role":
      await api.roles.delete(step.key);
      return;
    default:
      await applyModelStep(permit, step);
  }
}
