import { createHash } from "node:crypto";
import type { Permit } from "permitio";
import { type CognitoClaims, groupsOf, profileOf } from "./claims.ts";
import {
  type GroupRoleMapping,
  grantsForGroups,
  managedGrants,
  type RoleGrant,
  reconcile,
} from "./group-roles.ts";
import type { Tombstones } from "./tombstones.ts";

export interface SyncResult {
  /** `skipped`: nothing changed since the last sync of this user by this process. */
  status: "created" | "updated" | "skipped";
  assigned: RoleGrant[];
  unassigned: RoleGrant[];
}

export class UserRemovedError extends Error {
  readonly code = "USER_REMOVED";
  constructor(readonly sub: string) {
    super(`user ${sub} was removed; their token can no longer be used to sync them`);
  }
}

export interface UserSyncOptions {
  permit: Permit;
  mapping: GroupRoleMapping;
  tombstones?: Tombstones | undefined;
  /** How many users' last-synced fingerprints to remember (default 10,000). */
  cacheSize?: number | undefined;
  /** How long a sync is trusted before the same profile and groups are sent again (default 5 min). */
  cacheTtlMs?: number | undefined;
}

export interface UserSync {
  /** Upserts the user in Permit and reconciles their roles with their Cognito groups. */
  syncUser(claims: CognitoClaims): Promise<SyncResult>;
  /** Forgets what was last synced, e.g. after roles were edited elsewhere. */
  forget(sub: string): void;
}

/**
 * Login-time sync, the tutorial's step 2.2 made complete: the user is upserted with key = `sub`,
 * then their role assignments are reconciled with `cognito:groups` through the mapping — missing
 * grants assigned, grants the groups no longer give removed (only grants the mapping manages; roles
 * given by hand in Permit are left alone). Idempotent; a repeat with the same profile and groups is
 * skipped without a request.
 *
 * @example
 * ```ts
 * const sync = createUserSync({ permit, mapping: { groups: { admin: "admin", editor: "editor" }, defaultRole: "viewer" } });
 * await sync.syncUser(await verifier.verify(token));
 * ```
 */
export function createUserSync(options: UserSyncOptions): UserSync {
  const { permit, mapping, tombstones } = options;
  const managed = managedGrants(mapping);
  const cacheSize = options.cacheSize ?? 10_000;
  const cacheTtlMs = options.cacheTtlMs ?? 5 * 60_000;
  const lastSynced = new Map<string, { fingerprint: string; at: number }>();

  return {
    forget: (sub) => lastSynced.delete(sub),
    async syncUser(claims) {
      if (tombstones && (await tombstones.has(claims.sub))) throw new UserRemovedError(claims.sub);
      const profile = profileOf(claims);
      const desired = grantsForGroups(mapping, groupsOf(claims));
      const fingerprint = createHash("sha256")
        .update(JSON.stringify([profile, desired]))
        .digest("base64url");
      const last = lastSynced.get(claims.sub);
      if (last?.fingerprint === fingerprint && Date.now() - last.at < cacheTtlMs) {
        return { status: "skipped", assigned: [], unassigned: [] };
      }

      const { key, ...fields } = profile;
      const { created } = await permit.api.users.sync({ key, ...fields });
      const current = created
        ? []
        : (
            (await permit.api.users.getAssignedRoles({ user: key, perPage: 100 })) as {
              role: string;
              tenant?: string;
            }[]
          ).map((a) => ({ role: a.role, tenant: a.tenant ?? "default" }));
      const { assign, unassign } = reconcile(current, desired, managed);
      for (const g of assign)
        await permit.api.users.assignRole({ user: key, role: g.role, tenant: g.tenant });
      for (const g of unassign)
        await permit.api.users.unassignRole({ user: key, role: g.role, tenant: g.tenant });

      lastSynced.delete(claims.sub);
      if (lastSynced.size >= cacheSize) lastSynced.delete(lastSynced.keys().next().value!);
      lastSynced.set(claims.sub, { fingerprint, at: Date.now() });
      return { status: created ? "created" : "updated", assigned: assign, unassigned: unassign };
    },
  };
}
