/**
 * The events of the tasks app's `/api/events` stream. Each asks the browser to re-read something;
 * nothing sensitive travels in them.
 * - `ready`: the stream is open (after a reconnect, re-read everything).
 * - `tasks`, `users`, `permissions`: that changed.
 * - `removed`: this account was deleted; `signed_out`: its sessions were ended (the stream closes).
 */
export const LIVE_EVENTS = ["ready", "tasks", "users", "permissions", "removed", "signed_out"] as const;
export type LiveEventName = (typeof LIVE_EVENTS)[number];

/** The topics a page re-reads when told. */
export type LiveTopic = Extract<LiveEventName, "tasks" | "users" | "permissions">;

/**
 * What a policy change touched. `resource_instance` and `relationship_tuple` are per-object changes
 * (an instance created, updated or deleted; a tuple `subject|relation|object` added or removed);
 * `rebac_schema` and `abac_schema` are the relations/derivations and the condition sets.
 */
export const POLICY_CHANGE_KINDS = [
  "resource",
  "role",
  "tenant",
  "user",
  "role_assignment",
  "resource_instance",
  "relationship_tuple",
  "rebac_schema",
  "abac_schema",
] as const;
export type PolicyChangeKind = (typeof POLICY_CHANGE_KINDS)[number];

/**
 * One `change` event of Tollgate's policy change stream (`GET /v1/changes`, authz), its SSE `data`:
 * the policy version the change produced (also the event's `id`, to resume after), what kind of
 * object changed and the keys of the objects (users' keys for `user` and `role_assignment`, `type:key`
 * for `resource_instance`, `subject|relation|object` for `relationship_tuple`). The
 * stream's first event, `ready`, carries `{version}`: where it starts.
 */
export interface PolicyChangeEvent {
  version: number;
  kind: PolicyChangeKind;
  keys: string[];
}
