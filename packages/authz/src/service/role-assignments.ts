import { DEFAULT_TENANT } from "@tollgate/policy";
import type { Page, RoleAssignmentRecord } from "../storage/records.ts";
import * as assignments from "../storage/role-assignments.ts";
import type { Db } from "../storage/store.ts";
import { commit } from "./commit.ts";
import type { AuthzCore, Committed } from "./context.ts";
import { notFound, rejectInstanceRole } from "./errors.ts";
import { newId } from "./ids.ts";
import { mustGetRole } from "./roles.ts";
import { mustGetTenant } from "./tenants.ts";
import { mustGetUser } from "./users.ts";

export interface AssignmentInput {
  user: string;
  role: string;
  tenant?: string | undefined;
  resource_instance?: string | undefined;
}

/** Resolves keys-or-ids to keys and checks that user, role and tenant all exist (404 otherwise). */
async function resolve(tx: Db, input: AssignmentInput) {
  rejectInstanceRole(input.resource_instance);
  const user = await mustGetUser(tx, input.user);
  const role = await mustGetRole(tx, input.role);
  const tenant = await mustGetTenant(tx, input.tenant ?? DEFAULT_TENANT);
  return { user: user.key, role: role.key, tenant: tenant.key };
}

export function listAssignments(
  core: AuthzCore,
  q: assignments.AssignmentQuery,
): Promise<Page<RoleAssignmentRecord>> {
  return assignments.listAssignments(core.store.db, q);
}

/**
 * Assigning a role the user already holds returns the existing assignment rather than 409, so
 * login-time syncs can assign unconditionally. [uncertain: Permit's answer here is undocumented.]
 */
export function assignRole(
  core: AuthzCore,
  input: AssignmentInput,
): Promise<Committed<RoleAssignmentRecord>> {
  return commit(core, {
    kind: "role_assignment",
    async run(tx) {
      const a = await resolve(tx, input);
      const existing = await assignments.findAssignment(tx, a);
      if (existing) return { value: existing, keys: [a.user] };
      const record: RoleAssignmentRecord = { id: newId(), ...a, created_at: core.now() };
      await assignments.insertAssignment(tx, record);
      return { value: record, keys: [a.user] };
    },
  });
}

/** 404 when the assignment does not exist, as Permit answers. */
export function unassignRole(core: AuthzCore, input: AssignmentInput): Promise<Committed<void>> {
  return commit(core, {
    kind: "role_assignment",
    async run(tx) {
      const a = await resolve(tx, input);
      if ((await assignments.deleteAssignment(tx, a)) === 0) {
        throw notFound("RoleAssignment", `${a.user}/${a.role}/${a.tenant}`);
      }
      return { value: undefined, keys: [a.user] };
    },
  });
}

/** All or nothing: an unknown user, role or tenant rejects the whole batch. */
export function bulkAssign(
  core: AuthzCore,
  inputs: AssignmentInput[],
): Promise<Committed<{ assignments_created: number }>> {
  return commit(core, {
    kind: "role_assignment",
    async run(tx) {
      let created = 0;
      const users = new Set<string>();
      for (const input of inputs) {
        const a = await resolve(tx, input);
        users.add(a.user);
        if (await assignments.findAssignment(tx, a)) continue;
        await assignments.insertAssignment(tx, { id: newId(), ...a, created_at: core.now() });
        created++;
      }
      return { value: { assignments_created: created }, keys: [...users] };
    },
  });
}

/** Removes what exists; assignments that do not exist are skipped. */
export function bulkUnassign(
  core: AuthzCore,
  inputs: AssignmentInput[],
): Promise<Committed<{ assignments_removed: number }>> {
  return commit(core, {
    kind: "role_assignment",
    async run(tx) {
      let removed = 0;
      const users = new Set<string>();
      for (const input of inputs) {
        const a = await resolve(tx, input);
        users.add(a.user);
        removed += await assignments.deleteAssignment(tx, a);
      }
      return { value: { assignments_removed: removed }, keys: [...users] };
    },
  });
}
