/** `resource:action` permission strings, parsed once and never split on the hot path. */

export interface Permission {
  resource: string;
  action: string;
}

/** Splits `task:delete` into its parts; `undefined` for anything that is not exactly `a:b`. */
export function parsePermission(permission: string): Permission | undefined {
  const at = permission.indexOf(":");
  if (at <= 0 || at === permission.length - 1 || permission.indexOf(":", at + 1) !== -1) return undefined;
  return { resource: permission.slice(0, at), action: permission.slice(at + 1) };
}

export function formatPermission(resource: string, action: string): string {
  return `${resource}:${action}`;
}

/** The object key Permit uses for tenant-level entries in user permissions and authorized users. */
export function tenantObjectKey(tenant: string): string {
  return `__tenant:${tenant}`;
}
