import { type PolicyChange, type Subscription, subscribeToChanges } from "./live.ts";

/** Whom and what a committed policy change concerns, for telling the right browsers to re-read. */
export interface ObjectChange {
  version: number;
  kind: string;
  /** User keys whose permissions changed (a role given or taken, tenant-wide or on an object). */
  users: string[];
  /** Objects (`type:key`) that changed: an instance created, updated or deleted, a tuple on it. */
  objects: string[];
  /** The change may concern anyone (a role's permissions, a derivation, a tuple that derives roles). */
  everyone: boolean;
}

/**
 * Reads a change-stream event per object. Role assignments name their users (an instance role too);
 * instance changes name `type:key`; a relationship tuple names both ends and concerns everyone,
 * since whoever holds a role on its subject gains or loses the derived role on its object.
 *
 * @example
 * ```ts
 * describeChange({ version: 7, kind: "relationship_tuple", keys: ["project:p1|parent|task:t1"] });
 * // { version: 7, kind: "relationship_tuple", users: [], objects: ["project:p1", "task:t1"], everyone: true }
 * ```
 */
export function describeChange(change: PolicyChange): ObjectChange {
  const base = { version: change.version, kind: change.kind, users: [], objects: [], everyone: false };
  switch (change.kind) {
    case "user":
    case "role_assignment":
      return { ...base, users: [...change.keys] };
    case "resource_instance":
      // Deleting an instance takes every role on it away; creating one can complete a derivation.
      return { ...base, objects: [...change.keys], everyone: true };
    case "relationship_tuple":
      return {
        ...base,
        objects: [...new Set(change.keys.flatMap((k) => k.split("|").filter((_, i) => i !== 1)))],
        everyone: true,
      };
    default:
      return { ...base, everyone: true };
  }
}

/**
 * Follows Tollgate's change stream and reports each change per object and user (see
 * `describeChange`), so an app can tell exactly the affected users' pages to re-read. Against
 * Permit.io, which has no change stream, use `pollUserPermissions` per connected user instead.
 *
 * @example
 * ```ts
 * followObjectChanges({
 *   url: "http://localhost:7766",
 *   apiKey,
 *   onChange: (c) => (c.everyone ? hub.notifyAll("permissions", c) : hub.notify(c.users, "permissions", c)),
 * });
 * ```
 */
export function followObjectChanges(options: {
  url: string;
  apiKey: string;
  onChange: (change: ObjectChange) => void;
  onError?: (err: unknown) => void;
  since?: number;
  reconnectDelayMs?: number;
}): Subscription {
  const { onChange, ...rest } = options;
  return subscribeToChanges({ ...rest, onChange: (change) => onChange(describeChange(change)) });
}
