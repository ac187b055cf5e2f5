import { AbacIndex } from "./abac.ts";
import { CheckContext } from "./check-context.ts";
import {
  type AuthorizedUserGrant,
  type AuthorizedUsers,
  type CheckInput,
  type ConditionSetDef,
  DEFAULT_TENANT,
  type Decision,
  type RelationDef,
  type RelationshipTupleDef,
  type ResourceDef,
  type ResourceInstanceDef,
  type ResourceRoleDef,
  type RoleAssignmentDef,
  type RoleDef,
  type SetRuleDef,
  type TenantDef,
  type UserDef,
  type UserPermissions,
} from "./model.ts";
import { formatPermission, parsePermission, tenantObjectKey } from "./permission.ts";
import { formatPath, type Instance, type InstanceRoles, RebacIndex, type RolePath } from "./rebac.ts";
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
  /** tenant → roles held there. */
  tenantRoles: Map<string, Set<string>>;
  /** instance → resource roles assigned on it (ReBAC), consulted after the tenant roles. */
  instanceRoles: InstanceRoles | undefined;
}

/**
 * The tenant roles of every user who holds none: one shared map that is never written (`assign`
 * gives the user a map of their own first). A check on such a user reads a map that stays in
 * cache instead of one per user, and a million users without tenant roles cost no map each.
 */
const NO_TENANT_ROLES: Map<string, Set<string>> = new Map();

/**
 * A ReBAC allow. The path is only spelled out when read (logs, the debug body, the decision
 * tester): most callers want `allow` alone, and formatting it costs more than the walk.
 */
class RebacAllow implements Decision {
  readonly allow = true;
  readonly reason = "allowed" as const;
  readonly via = "rebac" as const;
  private text: string | undefined;
  constructor(
    readonly tenant: string,
    readonly grantedBy: string,
    private readonly steps: RolePath,
  ) {}
  get path(): string {
    this.text ??= formatPath(this.steps);
    return this.text;
  }
  toJSON() {
    return {
      allow: true,
      reason: this.reason,
      tenant: this.tenant,
      grantedBy: this.grantedBy,
      via: this.via,
      path: this.path,
    };
  }
}

/** A deny on an instance, whose explanation of what ReBAC found missing is worked out when read. */
class RebacDenial implements Decision {
  readonly allow = false;
  private text: string | undefined | null = null;
  constructor(
    readonly reason: Decision["reason"],
    readonly tenant: string,
    private readonly explain: () => string | undefined,
  ) {}
  get path(): string | undefined {
    if (this.text === null) this.text = this.explain();
    return this.text;
  }
  toJSON() {
    return { allow: false, reason: this.reason, tenant: this.tenant, path: this.path };
  }
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
  /**
   * resource → action → tenant roles granting it (own or inherited), for actions the resource
   * still declares: the grant index joined with the resource list, so a check is one lookup.
   */
  private granting = new Map<string, Map<string, Set<string>>>();
  private readonly tenants = new Map<string, TenantDef>();
  private readonly users = new Map<string, CompiledUser>();
  /** tenant → user → roles: the reverse of `CompiledUser.tenantRoles`, for tenant-wide questions. */
  private readonly tenantMembers = new Map<string, Map<string, Set<string>>>();
  /** Resource roles, relations, instances and tuples. */
  readonly rebac = new RebacIndex();
  /** Condition sets and set rules. */
  readonly abac = new AbacIndex();

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
    const type = input.resource.type;
    const action = input.action;
    if (user !== undefined) {
      // Only when some tenant role grants the permission is the user's tenant-role map read: each
      // map is a cache miss at scale, and ReBAC and ABAC permissions are often granted by none.
      const granting = this.granting.get(type)?.get(action);
      const roles = granting === undefined ? undefined : user.tenantRoles.get(tenant);
      if (roles !== undefined) {
        for (const role of roles) {
          if (granting!.has(role) && this.tenants.has(tenant))
            return { allow: true, reason: "allowed", tenant, grantedBy: role };
        }
      }
    }
    // Without a key there is no instance for ReBAC; without a set rule for the type, no ABAC.
    if (input.resource.key === undefined && !this.abac.hasRulesFor(type))
      return this.denial(input, user, tenant);
    const fine = this.checkFineGrained(input, user, tenant);
    if (fine !== undefined) return fine;
    return this.denial(input, user, tenant);
  }

  /** ReBAC (an instance role, direct or derived), then ABAC (a set rule); `undefined` if neither allows. */
  private checkFineGrained(
    input: CheckInput,
    user: CompiledUser | undefined,
    tenant: string,
  ): Decision | undefined {
    const type = input.resource.type;
    const action = input.action;
    const key = input.resource.key;
    const userRoles = user?.instanceRoles;
    let instance: Instance | undefined;
    if (key !== undefined) instance = this.rebac.getInstance(type, key);
    if (userRoles !== undefined && instance !== undefined && instance.tenant === tenant) {
      const grant = this.rebac.findGrant(userRoles, instance, action);
      if (grant && this.resources.get(type)?.actions.has(action) && this.tenants.has(tenant)) {
        return new RebacAllow(tenant, grant.role.label, grant.path);
      }
    }
    const rules = this.abac.rulesFor(type, action);
    if (rules === undefined) return undefined;
    const tenantDef = this.tenants.get(tenant);
    if (tenantDef === undefined || !this.resources.get(type)?.actions.has(action)) return undefined;
    const ctx = new CheckContext(input, user, tenant, tenantDef, instance, this.rebac);
    for (const rule of rules) {
      if (rule.user(ctx) && rule.resource(ctx)) {
        return {
          allow: true,
          reason: "allowed",
          tenant,
          grantedBy: rule.def.user_set,
          via: "abac",
          path: rule.label,
        };
      }
    }
    return undefined;
  }

  /** Why nothing allowed, in Permit's order, with what ReBAC found missing when a key was given. */
  private denial(input: CheckInput, user: CompiledUser | undefined, tenant: string): Decision {
    const reason = this.denyReason(input, user, tenant);
    if (input.resource.key === undefined || !this.rebac.hasRolesFor(input.resource.type, input.action))
      return { allow: false, reason, tenant };
    return new RebacDenial(reason, tenant, () => this.rebacDetail(input, tenant));
  }

  private denyReason(input: CheckInput, user: CompiledUser | undefined, tenant: string): Decision["reason"] {
    if (user === undefined) return "user_not_synced";
    if (!this.tenants.has(tenant)) return "no_such_tenant";
    const resource = this.resources.get(input.resource.type);
    if (resource === undefined) return "no_such_resource";
    if (!resource.actions.has(input.action)) return "no_such_action";
    const roles = user.tenantRoles.get(tenant);
    if (roles === undefined || roles.size === 0) return "no_role_in_tenant";
    return "no_permission";
  }

  private rebacDetail(input: CheckInput, tenant: string): string | undefined {
    const key = input.resource.key;
    if (key === undefined || !this.rebac.hasRolesFor(input.resource.type, input.action)) return undefined;
    const id = `${input.resource.type}:${key}`;
    const instance = this.rebac.getInstance(input.resource.type, key);
    if (instance === undefined) return `no instance ${id}`;
    if (instance.tenant !== tenant) return `${id} is in tenant ${instance.tenant}, not ${tenant}`;
    return `no role on ${id}, direct or derived, grants ${input.action}`;
  }

  bulkCheck(inputs: readonly CheckInput[]): Decision[] {
    return inputs.map((input) => this.check(input));
  }

  /** Every tenant the user may perform the action in, with the decision for each. */
  checkAllTenants(
    input: Omit<CheckInput, "resource"> & { resource: Omit<CheckInput["resource"], "tenant"> },
  ) {
    const user = this.users.get(input.user);
    // Candidate tenants: where the user holds tenant roles, the instance's own tenant, and, when a
    // set rule could grant the permission, every tenant (ABAC needs no membership).
    const candidates = new Set<string>(user?.tenantRoles.keys() ?? []);
    if (input.resource.key !== undefined) {
      const instance = this.rebac.getInstance(input.resource.type, input.resource.key);
      if (instance) candidates.add(instance.tenant);
    }
    if (this.abac.rulesFor(input.resource.type, input.action))
      for (const t of this.tenants.keys()) candidates.add(t);
    const out: { tenant: TenantDef; decision: Decision }[] = [];
    for (const tenantKey of candidates) {
      const decision = this.check({ ...input, resource: { ...input.resource, tenant: tenantKey } });
      const tenant = this.tenants.get(tenantKey);
      if (decision.allow && tenant) out.push({ tenant, decision });
    }
    return out;
  }

  /**
   * Permit's `/user-permissions` map: one entry per tenant the user holds a role in, keyed
   * `__tenant:<key>`, and one per instance the user holds a resource role on (direct or derived),
   * keyed `type:key`. `resourceTypes` filters entries by object type (tenant entries have type
   * `__tenant`); `resources` keeps only the listed `type:key` / `__tenant:<key>` entries; `tenants`
   * filters by the entry's tenant (an instance's own tenant).
   */
  userPermissions(
    userKey: string,
    filter: {
      tenants?: readonly string[] | undefined;
      resourceTypes?: readonly string[] | undefined;
      resources?: readonly string[] | undefined;
    } = {},
  ): UserPermissions {
    const out: UserPermissions = Object.create(null);
    const user = this.users.get(userKey);
    if (user === undefined) return out;
    const types =
      filter.resourceTypes && filter.resourceTypes.length > 0 ? new Set(filter.resourceTypes) : undefined;
    const ids = filter.resources && filter.resources.length > 0 ? new Set(filter.resources) : undefined;
    const wanted = filter.tenants && filter.tenants.length > 0 ? new Set(filter.tenants) : undefined;
    if (types === undefined || types.has("__tenant")) {
      for (const [tenantKey, roles] of user.tenantRoles) {
        if (roles.size === 0 || (wanted && !wanted.has(tenantKey))) continue;
        if (ids && !ids.has(tenantObjectKey(tenantKey))) continue;
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
    }
    const userRoles = user.instanceRoles;
    if (userRoles === undefined) return out;
    let held: Iterable<[Instance, Iterable<{ key: string; actions: Set<string> }>]>;
    if (ids) {
      const some: [Instance, { key: string; actions: Set<string> }[]][] = [];
      for (const id of ids) {
        const instance = this.rebac.getInstanceById(id);
        if (instance) some.push([instance, this.rebac.rolesOn(userRoles, instance)]);
      }
      held = some;
    } else {
      held = this.rebac.heldRoles(userRoles);
    }
    for (const [instance, roles] of held) {
      if (types && !types.has(instance.type)) continue;
      if (wanted && !wanted.has(instance.tenant)) continue;
      const resource = this.resources.get(instance.type);
      const tenant = this.tenants.get(instance.tenant);
      if (resource === undefined || tenant === undefined) continue;
      const permissions = new Set<string>();
      const roleKeys = new Set<string>();
      for (const role of roles) {
        roleKeys.add(role.key);
        for (const action of role.actions)
          if (resource.actions.has(action)) permissions.add(formatPermission(instance.type, action));
      }
      if (roleKeys.size === 0) continue;
      out[instance.id] = {
        resource: { key: instance.key, type: instance.type, attributes: instance.attributes ?? {} },
        tenant: { key: instance.tenant, attributes: tenant.attributes ?? {} },
        permissions: [...permissions].sort(),
        roles: [...roleKeys].sort(),
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
    const instance =
      resource.key === undefined ? undefined : this.rebac.getInstance(resource.type, resource.key);
    if (res?.actions.has(action) && instance !== undefined && instance.tenant === tenant) {
      for (const [userKey, roles] of this.rebac.holdersOf(instance, action)) {
        if (!this.users.has(userKey)) continue;
        let grants = users[userKey];
        if (grants === undefined) {
          grants = [];
          users[userKey] = grants;
        }
        for (const role of roles) grants.push({ user: userKey, tenant, resource: instance.id, role });
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
  resourceKeys(): string[] {
    return [...this.resources.keys()];
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
    let instanceAssignments = 0;
    for (const user of this.users.values()) {
      for (const roles of user.tenantRoles.values()) assignments += roles.size;
      for (const roles of user.instanceRoles?.values() ?? []) instanceAssignments += roles.size;
    }
    return {
      resources: this.resources.size,
      roles: this.roles.size,
      tenants: this.tenants.size,
      users: this.users.size,
      roleAssignments: assignments,
      instanceRoleAssignments: instanceAssignments,
      ...this.rebac.stats(),
      conditionSets: this.abac.size.sets,
      setRules: this.abac.size.rules,
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
    this.compileGranting();
  }

  /** Removes a resource type with its resource roles, relations and instances. */
  removeResource(key: string): void {
    this.resources.delete(key);
    this.compileGranting();
    for (const instance of this.rebac.removeResource(key)) this.dropHolders(instance);
  }

  // ---- ReBAC -----------------------------------------------------------------------------------

  upsertResourceRole(def: ResourceRoleDef): void {
    this.rebac.upsertRole(def);
  }

  /** Removes a resource role and every assignment of it (derivations naming it stop applying). */
  removeResourceRole(resource: string, key: string): void {
    if (!this.rebac.removeRole(resource, key)) return;
    for (const instance of this.rebac.instances.get(resource)?.values() ?? []) {
      for (const [userKey, roles] of [...(instance.holders ?? [])]) {
        if (roles.has(key))
          this.unassign({
            user: userKey,
            role: key,
            tenant: instance.tenant,
            resource_instance: instance.id,
          });
      }
    }
  }

  upsertRelation(def: RelationDef): void {
    this.rebac.upsertRelation(def);
  }

  removeRelation(resource: string, key: string): void {
    this.rebac.removeRelation(resource, key);
  }

  upsertInstance(def: ResourceInstanceDef): void {
    this.rebac.upsertInstance({
      ...def,
      resource: this.intern(def.resource),
      tenant: this.intern(def.tenant),
    });
  }

  /** Removes an instance, its tuples and every role assignment on it. */
  removeInstance(type: string, key: string): void {
    const instance = this.rebac.removeInstance(type, key);
    if (instance) this.dropHolders(instance);
  }

  private dropHolders(instance: Instance): void {
    for (const userKey of instance.holders?.keys() ?? []) {
      const user = this.users.get(userKey);
      user?.instanceRoles?.delete(instance);
      if (user?.instanceRoles?.size === 0) user.instanceRoles = undefined;
    }
    instance.holders = undefined;
  }

  /** Returns whether anything changed; both instances must exist. */
  addTuple(t: RelationshipTupleDef): boolean {
    return this.rebac.addTuple(t.subject, this.intern(t.relation), t.object);
  }

  removeTuple(t: RelationshipTupleDef): boolean {
    return this.rebac.removeTuple(t.subject, t.relation, t.object);
  }

  // ---- ABAC ------------------------------------------------------------------------------------

  /** Adds or replaces a condition set; throws `ConditionError` on conditions it cannot read. */
  upsertConditionSet(def: ConditionSetDef): void {
    this.abac.upsertSet(def);
  }

  removeConditionSet(key: string): void {
    this.abac.removeSet(key);
  }

  addSetRule(rule: SetRuleDef): boolean {
    return this.abac.addRule(rule);
  }

  removeSetRule(rule: SetRuleDef): boolean {
    return this.abac.removeRule(rule);
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

  /** Removes a tenant, every role assignment in it and its resource instances. */
  removeTenant(key: string): void {
    this.tenants.delete(key);
    for (const byKey of this.rebac.instances.values()) {
      for (const instance of [...byKey.values()]) {
        if (instance.tenant === key) this.removeInstance(instance.type, instance.key);
      }
    }
    const members = this.tenantMembers.get(key);
    if (members) for (const userKey of members.keys()) this.users.get(userKey)?.tenantRoles.delete(key);
    this.tenantMembers.delete(key);
  }

  /** Adds or updates a user's profile; their role assignments are kept. */
  upsertUser(def: UserDef): void {
    const attributes = def.attributes && Object.keys(def.attributes).length > 0 ? def.attributes : undefined;
    const existing = this.users.get(def.key);
    if (existing) existing.attributes = attributes;
    else
      this.users.set(def.key, {
        key: def.key,
        attributes,
        tenantRoles: NO_TENANT_ROLES,
        instanceRoles: undefined,
      });
  }

  /** Removes a user and all their role assignments. */
  removeUser(key: string): void {
    const user = this.users.get(key);
    if (user === undefined) return;
    for (const tenant of user.tenantRoles.keys()) this.tenantMembers.get(tenant)?.delete(key);
    for (const instance of user.instanceRoles?.keys() ?? []) instance.holders?.delete(key);
    this.users.delete(key);
  }

  /** Returns whether anything changed. The user must exist. */
  assign(a: RoleAssignmentDef): boolean {
    const user = this.users.get(a.user);
    if (user === undefined) return false;
    if (a.resource_instance !== undefined) return this.assignOnInstance(user, a.resource_instance, a.role);
    // Role and tenant keys repeat across millions of assignments: share one string for each.
    const tenant = this.intern(a.tenant);
    const role = this.intern(a.role);
    let roles = user.tenantRoles.get(tenant);
    if (roles === undefined) {
      roles = new Set();
      if (user.tenantRoles === NO_TENANT_ROLES) user.tenantRoles = new Map();
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

  /** A resource role on an instance; the instance must exist. */
  private assignOnInstance(user: CompiledUser, instanceId: string, roleKey: string): boolean {
    const instance = this.rebac.getInstanceById(instanceId);
    if (instance === undefined) return false;
    const role = this.intern(roleKey);
    user.instanceRoles ??= new Map();
    let roles = user.instanceRoles.get(instance);
    if (roles === undefined) {
      roles = new Set();
      user.instanceRoles.set(instance, roles);
    }
    if (roles.has(role)) return false;
    roles.add(role);
    instance.holders ??= new Map();
    instance.holders.set(user.key, roles);
    return true;
  }

  private unassignOnInstance(user: CompiledUser, instanceId: string, role: string): boolean {
    const instance = this.rebac.getInstanceById(instanceId);
    const roles = instance && user.instanceRoles?.get(instance);
    if (instance === undefined || roles === undefined || !roles.delete(role)) return false;
    if (roles.size === 0) {
      user.instanceRoles!.delete(instance);
      if (user.instanceRoles!.size === 0) user.instanceRoles = undefined;
      instance.holders?.delete(user.key);
    }
    return true;
  }

  /** Returns whether anything changed. */
  unassign(a: RoleAssignmentDef): boolean {
    const user = this.users.get(a.user);
    if (user !== undefined && a.resource_instance !== undefined)
      return this.unassignOnInstance(user, a.resource_instance, a.role);
    const roles = user?.tenantRoles.get(a.tenant);
    if (user === undefined || roles === undefined || !roles.delete(a.role)) return false;
    if (roles.size === 0) {
      user.tenantRoles.delete(a.tenant);
      if (user.tenantRoles.size === 0) user.tenantRoles = NO_TENANT_ROLES;
      this.tenantMembers.get(a.tenant)?.delete(a.user);
    }
    return true;
  }

  /** Replaces all of a user's role assignments with the given ones (used to refresh from storage). */
  replaceAssignments(userKey: string, assignments: readonly Omit<RoleAssignmentDef, "user">[]): void {
    const user = this.users.get(userKey);
    if (user === undefined) return;
    for (const tenant of user.tenantRoles.keys()) this.tenantMembers.get(tenant)?.delete(userKey);
    user.tenantRoles = NO_TENANT_ROLES;
    for (const instance of user.instanceRoles?.keys() ?? []) instance.holders?.delete(userKey);
    user.instanceRoles = undefined;
    for (const a of assignments)
      this.assign({ user: userKey, role: a.role, tenant: a.tenant, resource_instance: a.resource_instance });
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
    this.compileGranting();
  }

  private compileGranting(): void {
    const granting = new Map<string, Map<string, Set<string>>>();
    for (const [role, byResource] of this.grants) {
      for (const [resourceKey, actions] of byResource) {
        const resource = this.resources.get(resourceKey);
        if (resource === undefined) continue;
        let byAction = granting.get(resourceKey);
        if (byAction === undefined) {
          byAction = new Map();
          granting.set(resourceKey, byAction);
        }
        for (const action of actions) {
          if (!resource.actions.has(action)) continue;
          let roles = byAction.get(action);
          if (roles === undefined) {
            roles = new Set();
            byAction.set(action, roles);
          }
          roles.add(role);
        }
      }
    }
    this.granting = granting;
  }
}
