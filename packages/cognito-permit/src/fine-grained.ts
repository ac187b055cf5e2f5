import type { Permit } from "permitio";

/**
 * Per-object (ReBAC) helpers over the unmodified permitio SDK: the calls an app makes to own,
 * share and list objects. They work the same against Tollgate and Permit.io.
 */

/** `type:key`, the way Permit names a resource instance. */
export const instanceKey = (type: string, key: string): string => `${type}:${key}`;

const statusOf = (err: unknown): number | undefined =>
  (err as { response?: { status?: number } })?.response?.status;

export interface OwnedInstance {
  /** The resource type, e.g. `task`. */
  type: string;
  /** The instance key, e.g. the task's id. */
  key: string;
  /** The user key (Cognito `sub`) that receives `role` on the new instance. */
  owner: string;
  /** The tenant the instance lives in (default `default`, as the SDK's checks assume). */
  tenant?: string | undefined;
  /** The resource role the owner gets (default `owner`). */
  role?: string | undefined;
  /** Stored instance attributes, for ABAC resource sets. */
  attributes?: Record<string, unknown> | undefined;
}

/**
 * Creates the resource instance and gives its creator the owner role on it. Safe to repeat (a
 * migration can run it for objects that already exist): an instance that exists is kept, an
 * assignment that exists is kept.
 *
 * @example
 * ```ts
 * await createOwnedInstance(permit, { type: "task", key: task.id, owner: claims.sub });
 * await permit.check(claims.sub, "delete", { type: "task", key: task.id }); // true
 * ```
 */
export async function createOwnedInstance(permit: Permit, instance: OwnedInstance): Promise<void> {
  const tenant = instance.tenant ?? "default";
  try {
    await permit.api.resourceInstances.create({
      key: instance.key,
      resource: instance.type,
      tenant,
      ...(instance.attributes && { attributes: instance.attributes }),
    });
  } catch (err) {
    if (statusOf(err) !== 409) throw err;
  }
  await permit.api.roleAssignments.assign({
    user: instance.owner,
    role: instance.role ?? "owner",
    resource_instance: instanceKey(instance.type, instance.key),
    tenant,
  });
}

/**
 * Deletes a resource instance and with it every role held on it. An instance that is already gone
 * is not an error.
 *
 * @example
 * ```ts
 * await deleteInstance(permit, "task", task.id);
 * ```
 */
export async function deleteInstance(permit: Permit, type: string, key: string): Promise<void> {
  try {
    await permit.api.resourceInstances.delete(instanceKey(type, key));
  } catch (err) {
    if (statusOf(err) !== 404) throw err;
  }
}

/** One person's role on one object. */
export interface Share {
  user: string;
  role: string;
}

/**
 * Gives `user` the resource role `role` on `type:key` (e.g. `viewer` of `task:42`). Sharing a role
 * already held changes nothing. Other roles the user holds on the object are replaced, so a user has
 * one role per object (changing a viewer to an editor is one call). Pass `keep` to leave some roles
 * alone (e.g. `["owner"]`).
 *
 * @example
 * ```ts
 * await share(permit, { type: "task", key: id }, { user: colleagueSub, role: "editor" });
 * ```
 */
export async function share(
  permit: Permit,
  object: { type: string; key: string; tenant?: string | undefined },
  grant: Share,
  options: { keep?: string[] } = {},
): Promise<void> {
  const resource_instance = instanceKey(object.type, object.key);
  const tenant = object.tenant ?? "default";
  const held = await whoHasAccess(permit, object);
  await permit.api.roleAssignments.assign({ user: grant.user, role: grant.role, resource_instance, tenant });
  for (const other of held) {
    if (other.user !== grant.user || other.role === grant.role) continue;
    if (options.keep?.includes(other.role)) continue;
    await permit.api.roleAssignments.unassign({
      user: grant.user,
      role: other.role,
      resource_instance,
      tenant,
    });
  }
}

/**
 * Takes every role `user` holds on `type:key` away, except those in `keep`. Returns how many were
 * removed (0 when the user had none).
 *
 * @example
 * ```ts
 * await unshare(permit, { type: "task", key: id }, colleagueSub, { keep: ["owner"] });
 * ```
 */
export async function unshare(
  permit: Permit,
  object: { type: string; key: string; tenant?: string | undefined },
  user: string,
  options: { keep?: string[] } = {},
): Promise<number> {
  const resource_instance = instanceKey(object.type, object.key);
  let removed = 0;
  for (const held of await whoHasAccess(permit, object)) {
    if (held.user !== user || options.keep?.includes(held.role)) continue;
    try {
      await permit.api.roleAssignments.unassign({
        user,
        role: held.role,
        resource_instance,
        tenant: object.tenant ?? "default",
      });
      removed++;
    } catch (err) {
      if (statusOf(err) !== 404) throw err; // removed concurrently: what the caller wanted
    }
  }
  return removed;
}

/**
 * The roles held directly on `type:key` (owner and shares), one page of up to 100 at a time until
 * all are read. Roles derived through relations are not listed: they belong to the related object.
 *
 * @example
 * ```ts
 * const access = await whoHasAccess(permit, { type: "task", key: id }); // [{ user, role: "owner" }, ...]
 * ```
 */
export async function whoHasAccess(
  permit: Permit,
  object: { type: string; key: string; tenant?: string | undefined },
): Promise<Share[]> {
  const out: Share[] = [];
  for (let page = 1; ; page++) {
    const rows = (await permit.api.roleAssignments.list({
      resourceInstance: instanceKey(object.type, object.key),
      ...(object.tenant && { tenant: object.tenant }),
      page,
      perPage: 100,
    })) as { user: string; role: string; resource_instance?: string }[];
    for (const r of rows) out.push({ user: r.user, role: r.role });
    if (rows.length < 100) return out;
  }
}

/** What a user may do with the objects of one type, read in one call. */
export interface PermittedObjects {
  /** Actions the user's tenant roles give on every object of the type. */
  everywhere: ReadonlySet<string>;
  /** Actions per object key, from roles held on the object (directly or derived), tenant-wide ones included. */
  byKey: ReadonlyMap<string, ReadonlySet<string>>;
  /** Whether `action` is allowed on `key` (tenant-wide or on that object). */
  can(key: string, action: string): boolean;
  /** The actions allowed on `key`. */
  actionsOn(key: string): string[];
}

/**
 * Everything `user` may do with objects of `type` in one round trip (`getUserPermissions`): the
 * tenant-wide actions, plus the actions on each object they hold a role on, directly or derived
 * through relationship tuples. Filter a list with it instead of one check per object. ABAC grants
 * are not included (Permit leaves them out of this call); ask `check` for those.
 *
 * @example
 * ```ts
 * const allowed = await permittedObjects(permit, sub, "task");
 * const visible = tasks.filter((t) => allowed.can(t.id, "get"));
 * ```
 */
export async function permittedObjects(
  permit: Permit,
  user: string,
  type: string,
  options: { tenant?: string | undefined } = {},
): Promise<PermittedObjects> {
  const tenant = options.tenant ?? "default";
  const map = (await permit.getUserPermissions(user, [tenant], undefined, ["__tenant", type], {
    throwOnError: true,
  })) as Record<string, { permissions?: unknown }>;
  const prefix = `${type}:`;
  const actionsOf = (entry: { permissions?: unknown } | undefined) =>
    (Array.isArray(entry?.permissions) ? entry.permissions : [])
      .filter((p): p is string => typeof p === "string" && p.startsWith(prefix))
      .map((p) => p.slice(prefix.length));
  const everywhere = new Set(actionsOf(map[`__tenant:${tenant}`]));
  const byKey = new Map<string, Set<string>>();
  for (const [name, entry] of Object.entries(map)) {
    if (!name.startsWith(prefix)) continue;
    byKey.set(name.slice(prefix.length), new Set([...everywhere, ...actionsOf(entry)]));
  }
  const actionsOn = (key: string) => [...(byKey.get(key) ?? everywhere)].sort();
  return {
    everywhere,
    byKey,
    can: (key, action) => everywhere.has(action) || byKey.get(key)?.has(action) === true,
    actionsOn,
  };
}
