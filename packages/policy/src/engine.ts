import {
  type AuthorizedUserGrant,
  type AuthorizedUsers,
  type CheckInput,
  DEFAULT_TENANT,
  type Decision,
  type ResourceDef,
  type RoleAssignmentDef,
  type RoleDef,
  type TenantDef,
  type UserDef,
  type UserPermissions,
} from "./model.ts";
import { formatPermission, parsePermission, tenantObjectKey } from "./permission.ts";
import { ancestorsOf, type ExtendsGraph, findCycle } from "./role-graph.ts";

/** role → resource → actions the role may perform, with `extends` already folded in. */
type GrantIndex = Map<string, Map<string, Set<string>>>;

interface CompiledResource {
  def: ResourceDef;
  actions: Set<string>;
}

interface CompiledUser {
  /** The canonical key string, reused wherever this user is referenced (no per-row copies). */
  key: string;
  /**
   * Only what decisions can use: attributes (for ABAC), kept when there are any. Profile fields
   * (email, names) stay in storage: at a million users they would double the snapshot's memory.
   */
  attributes: Record<string, unknown> | undefined;
  /**
   * tenant → roles held there. Resource-instance roles (ReBAC) will sit beside this as
   * `instanceRoles: Map<"type:key", Set<role>>`, consulted after the tenant roles.
   */
  tenantRoles: Map<string, Set<string>>;
}

export class RoleCycleError extends Error {
  readonly code = "ROLE_CYCLE";
  constructor(readonly cycle: string[]) {
    super(`role hierarchy would contain a cycle: ${cycle.join(" → ")}`);
  }
}

/**
 * The compiled policy: maps and sets that answer a check in a handful of lookups. It is mutable so
 * that every committed write can be applied in place (no rebuild); everything it holds is derived
 * from the definitions passed in, which storage keeps durable.
 */
export class PolicyEngine {
  private readonly resources = new Map<string, CompiledResource>();
  private readonly roles = new Map<string, RoleDef>();
  private grants: GrantIndex = new Map();
  private readonly tenants = new Map<string, TenantDef>();
  private readonly users = new Map<string, CompiledUser>();
  /** tenant → user → roles: the reverse of `CompiledUser.tenantRoles`, for tenant-wide questions. */
  private readonly tenantMembers = new Map<string, Map<string, Set<string>>>();

  constructor() {
    this.tenants.set(DEFAULT_TENANT, { key: DEFAULT_TENANT, name: "Default Tenant" });
  }

  // ---- decisions -------------------------------------------------------------------------------

  /**
   * Permit's allow-only decision: allowed when a role held in the tenant grants `resource:action`.
   * The allow path is a handful of lookups; only a deny works out which reason applies, in Permit's
   * order (user, tenant, resource, action, role in tenant, permission).
   */
  check(input: CheckInput): Decision {
    const tenant = input.resource.tenant || DEFAULT_TENANT;
    const user = this.users.get(input.user);
    if (user === undefined) return { allow: false, reason: "user_not_synced", tenant };
    const roles = user.tenantRoles.get(tenant);
    const type = input.resource.type;
    const action = input.action;
    if (roles !== undefined) {
      for (const role of roles) {
        // The grant index can still name an action removed since roles were last compiled, so the
        // resource's own action list has the last word.
        if (this.grants.get(role)?.get(type)?.has(action) && this.resources.get(type)?.actions.has(action)) {
          if (this.tenants.has(tenant)) return { allow: true, reason: "allowed", tenant, grantedBy: role };
        }
      }
    }
    if (!this.tenants.has(tenant)) return { allow: false, reason: "no_such_tenant", tenant };
    const resource = this.resources.get(type);
    if (resource === undefined) return { allow: false, reason: "no_such_resource", tenant };
    if (!resource.actions.has(action)) return { allow: false, reason: "no_such_action", tenant };
    if (roles === undefined || roles.size === 0) return { allow: false, reason: "no_role_in_tenant", tenant };
    return { allow: false, reason: "no_permission", tenant };
  }

  bulkCheck(inputs: readonly CheckInput[]): Decision[] {
    return inputs.map((input) => this.check(input));
  }

  /** Every tenant the user may perform the action in, with the decision for each. */
  checkAllTenants(
    input: Omit<CheckInput, "resource"> & { resource: Omit<CheckInput["resource"], "tenant"> },
  ) {
    const user = this.users.get(input.user);
    if (user === undefined) return [];
    const out: { tenant: TenantDef; decision: Decision }[] = [];
    for (const tenantKey of user.tenantRoles.keys()) {
      const decision = this.check({ ...input, resource: { ...input.resource, tenant: tenantKey } });
      const tenant = this.tenants.get(tenantKey);
      if (decision.allow && tenant) out.push({ tenant, decision });
    }
    return out;
  }

  /**
   * Permit's `/user-permissions` map: one entry per tenant the user holds a role in, keyed
   * `__tenant:<key>`. `resourceTypes` filters entries by object type; tenant entries have type
   * `__tenant`, so a filter that omits it yields no tenant entries.
   */
  userPermissions(
    userKey: string,
    filter: { tenants?: readonly string[] | undefined; resourceTypes?: readonly string[] | undefined } = {},
  ): UserPermissions {
    const out: UserPermissions = Object.create(null);
    const user = this.users.get(userKey);
    if (user === undefined) return out;
    if (
      filter.resourceTypes &&
      filter.resourceTypes.length > 0 &&
      !filter.resourceTypes.includes("__tenant")
    ) {
      return out;
    }
    const wanted = filter.tenants && filter.tenants.length > 0 ? new Set(filter.tenants) : undefined;
    for (const [tenantKey, roles] of user.tenantRoles) {
      if (roles.size === 0 || (wanted && !wanted.has(tenantKey))) continue;
      const tenant = this.tenants.get(tenantKey);
      if (tenant === undefined) continue;
      const permissions = new Set<string>();
      for (const role of roles) {
        for (const [resourceKey, actions] of this.grants.get(role) ?? []) {
          const resource = this.resources.get(resourceKey);
          if (resource === undefined) continue;
          for (const action of actions) {
            if (resource.actions.has(action)) permissions.add(formatPermission(resourceKey, action));
          }
        }
      }
      out[tenantObjectKey(tenantKey)] = {
        tenant: { key: tenantKey, attributes: tenant.attributes ?? {} },
        permissions: [...permissions].sort(),
        roles: [...roles].sort(),
      };
    }
    return out;
  }

  /** Who may perform `action` on a resource in its tenant, and through which role. */
  authorizedUsers(action: string, resource: CheckInput["resource"]): AuthorizedUsers {
    const tenant = resource.tenant || DEFAULT_TENANT;
    const objectKey = `${resource.type}:${resource.key ?? "*"}`;
    // Prototype-free: user keys such as "__proto__" are valid and must not collide with Object's members.
    const users: Record<string, AuthorizedUserGrant[]> = Object.create(null);
    const res = this.resources.get(resource.type);
    const members = this.tenantMembers.get(tenant);
    if (res?.actions.has(action) && members) {
      const granting = this.rolesGranting(resource.type, action);
      for (const [userKey, roles] of members) {
        const grants: AuthorizedUserGrant[] = [];
        for (const role of roles) {
          if (granting.has(role))
            grants.push({ user: userKey, tenant, resource: tenantObjectKey(tenant), role });
        }
        if (grants.length > 0) users[userKey] = grants;
      }
    }
    return { resource: objectKey, tenant, users };
  }

  /** Roles (own or inherited permissions) that grant `resource:action`. */
  rolesGranting(resource: string, action: string): Set<string> {
    const out = new Set<string>();
    for (const [role, byResource] of this.grants) if (byResource.get(resource)?.has(action)) out.add(role);
    return out;
  }

  /** The permissions a role has, own and inherited, as `resource:action` strings. */
  effectivePermissions(role: string): string[] {
    const out: string[] = [];
    for (const [resource, actions] of this.grants.get(role) ?? []) {
      for (const action of actions) out.push(formatPermission(resource, action));
    }
    return out.sort();
  }

  // ---- lookups the service uses to validate writes ---------------------------------------------

  hasUser(key: string): boolean {
    return this.users.has(key);
  }
  hasTenant(key: string): boolean {
    return this.tenants.has(key);
  }
  getRole(key: string): RoleDef | undefined {
    return this.roles.get(key);
  }
  roleKeys(): string[] {
    return [...this.roles.keys()];
  }
  getResource(key: string): ResourceDef | undefined {
    return this.resources.get(key)?.def;
  }
  /** The roles a user holds in a tenant (empty when none). */
  rolesOf(user: string, tenant: string): ReadonlySet<string> {
    return this.users.get(user)?.tenantRoles.get(tenant) ?? new Set();
  }
  /** tenant → roles, for one user. */
  assignmentsOf(user: string): ReadonlyMap<string, ReadonlySet<string>> {
    return this.users.get(user)?.tenantRoles ?? new Map();
  }
  stats() {
    let assignments = 0;
    for (const user of this.users.values())
      for (const roles of user.tenantRoles.values()) assignments += roles.size;
    return {
      resources: this.resources.size,
      roles: this.roles.size,
      tenants: this.tenants.size,
      users: this.users.size,
      roleAssignments: assignments,
    };
  }

  /**
   * Would replacing (or adding) these roles make the hierarchy cyclic? Returns the cycle, if so.
   * Roles passed in replace the current ones with the same key.
   */
  cycleIfApplied(changed: readonly Pick<RoleDef, "key" | "extends">[]): string[] | undefined {
    const graph = new Map<string, readonly string[]>();
    for (const [key, role] of this.roles) graph.set(key, role.extends);
    for (const role of changed) graph.set(role.key, role.extends);
    return findCycle(graph);
  }

  // ---- updates: each mirrors one committed write -----------------------------------------------

  upsertResource(def: ResourceDef): void {
    this.resources.set(def.key, { def, actions: new Set(Object.keys(def.actions)) });
  }

  removeResource(key: string): void {
    this.resources.delete(key);
  }

  /** Adds or replaces roles, then recompiles the grant index. Throws `RoleCycleError` on a cycle. */
  upsertRoles(defs: readonly RoleDef[]): void {
    const cycle = this.cycleIfApplied(defs);
    if (cycle) throw new RoleCycleError(cycle);
    for (const def of defs) this.roles.set(def.key, def);
    this.compileGrants();
  }

  /** Removes a role, every assignment of it, and every `extends` edge pointing at it. */
  removeRole(key: string): void {
    if (!this.roles.delete(key)) return;
    for (const [other, def] of this.roles) {
      if (def.extends.includes(key))
        this.roles.set(other, { ...def, extends: def.extends.filter((r) => r !== key) });
    }
    for (const [userKey, user] of this.users) {
      for (const [tenant, roles] of user.tenantRoles) {
        if (roles.has(key)) this.unassign({ user: userKey, role: key, tenant });
      }
    }
    this.compileGrants();
  }

  upsertTenant(def: TenantDef): void {
    this.tenants.set(def.key, def);
  }

  /** Removes a tenant and every role assignment in it. */
  removeTenant(key: string): void {
    this.tenants.delete(key);
    const members = this.tenantMembers.get(key);
    if (members) for (const userKey of members.keys()) this.users.get(userKey)?.tenantRoles.delete(key);
    this.tenantMembers.delete(key);
  }

  /** Adds or updates a user's profile; their role assignments are kept. */
  upsertUser(def: UserDef): void {
    const attributes = def.attributes && Object.keys(def.attributes).length > 0 ? def.attributes : undefined;
    const existing = this.users.get(def.key);
    if (existing) existing.attributes = attributes;
    else this.users.set(def.key, { key: def.key, attributes, tenantRoles: new Map() });
  }

  /** Removes a user and all their role assignments. */
  removeUser(key: string): void {
    const user = this.users.get(key);
    if (user === undefined) return;
    for (const tenant of user.tenantRoles.keys()) this.tenantMembers.get(tenant)?.delete(key);
    this.users.delete(key);
  }

  /** Returns whether anything changed. The user must exist. */
  assign(a: RoleAssignmentDef): boolean {
    const user = this.users.get(a.user);
    if (user === undefined) return false;
    // Role and tenant keys repeat across millions of assignments: share one string for each.
    const tenant = this.intern(a.tenant);
    const role = this.intern(a.role);
    let roles = user.tenantRoles.get(tenant);
    if (roles === undefined) {
      roles = new Set();
      user.tenantRoles.set(tenant, roles);
    }
    if (roles.has(role)) return false;
    roles.add(role);
    let members = this.tenantMembers.get(tenant);
    if (members === undefined) {
      members = new Map();
      this.tenantMembers.set(tenant, members);
    }
    members.set(user.key, roles);
    return true;
  }

  private readonly interned = new Map<string, string>();
  private intern(s: string): string {
    const known = this.interned.get(s);
    if (known !== undefined) return known;
    this.interned.set(s, s);
    return s;
  }

  /** Returns whether anything changed. */
  unassign(a: RoleAssignmentDef): boolean {
    const user = this.users.get(a.user);
    const roles = user?.tenantRoles.get(a.tenant);
    if (user === undefined || roles === undefined || !roles.delete(a.role)) return false;
    if (roles.size === 0) {
      user.tenantRoles.delete(a.tenant);
      this.tenantMembers.get(a.tenant)?.delete(a.user);
    }
    return true;
  }

  /** Replaces all of a user's role assignments with the given ones (used to refresh from storage). */
  replaceAssignments(userKey: string, assignments: readonly Omit<RoleAssignmentDef, "user">[]): void {
    const user = this.users.get(userKey);
    if (user === undefined) return;
    for (const tenant of user.tenantRoles.keys()) this.tenantMembers.get(tenant)?.delete(userKey);
    user.tenantRoles = new Map();
    for (const a of assignments) this.assign({ user: userKey, role: a.role, tenant: a.tenant });
  }

  private compileGrants(): void {
    const graph: ExtendsGraph = new Map([...this.roles].map(([key, def]) => [key, def.extends]));
    const grants: GrantIndex = new Map();
    for (const roleKey of this.roles.keys()) {
      const byResource = new Map<string, Set<string>>();
      for (const ancestor of ancestorsOf(graph, roleKey)) {
        for (const permission of this.roles.get(ancestor)?.permissions ?? []) {
          const parsed = parsePermission(permission);
          if (parsed === undefined) continue;
          let actions = byResource.get(parsed.resource);
          if (actions === undefined) {
            actions = new Set();
            byResource.set(parsed.resource, actions);
          }
          actions.add(parsed.action);
        }
      }
      grants.set(roleKey, byResource);
    }
    this.grants = grants;
  }
}
