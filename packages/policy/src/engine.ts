import { AbacIndex } from "./abac.ts";
import { CheckContext, type CheckUser } from "./check-context.ts";
import { Interner } from "./interner.ts";
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
import { formatPath, type Instance, RebacIndex, type RolePath } from "./rebac.ts";
import { ancestorsOf, type ExtendsGraph, findCycle } from "./role-graph.ts";
import { LOOK_UP, NOT_HELD, UserTable } from "./user-table.ts";

/** role → resource → actions the role may perform, with `extends` already folded in. */
type GrantIndex = Map<string, Map<string, Set<string>>>;

interface CompiledResource {
  def: ResourceDef;
  actions: Set<string>;
}

/** The engine's side of a user, for conditions: answers from the user table. */
class StoredUser implements CheckUser {
  constructor(
    private readonly table: UserTable,
    private readonly id: number,
    private readonly tenantIds: Interner,
    private readonly roleIds: Interner,
    private readonly rebac: RebacIndex,
  ) {}
  get attributes(): Record<string, unknown> | undefined {
    return this.table.attributes[this.id];
  }
  rolesIn(tenant: string): string[] {
    const t = this.tenantIds.idOf(tenant);
    if (t === undefined) return [];
    return this.table.rolesIn(this.id, t).map((r) => this.roleIds.keyOf(r));
  }
  hasRoleIn(tenant: string, role: string): boolean {
    const t = this.tenantIds.idOf(tenant);
    const r = this.roleIds.idOf(role);
    return t !== undefined && r !== undefined && this.table.rolesIn(this.id, t).includes(r);
  }
  tenants(): string[] {
    return this.table.tenantsOf(this.id).map((t) => this.tenantIds.keyOf(t));
  }
  isMemberOf(tenant: string): boolean {
    const t = this.tenantIds.idOf(tenant);
    if (t !== undefined && this.table.isMember(this.id, t)) return true;
    return this.rebac.holdsSomeIn(this.id, tenant);
  }
}

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
   * still declares, as a bitset over role ids: the grant index joined with the resource list, so
   * a check is one lookup and a bit test per role the user holds in the tenant.
   */
  private granting = new Map<string, Map<string, Int32Array>>();
  private readonly tenants = new Map<string, TenantDef>();
  /** Tenant keys seen in definitions or assignments, as ids; `tenantDefs` says which exist. */
  private readonly tenantIds = new Interner();
  private readonly tenantDefs: (TenantDef | undefined)[] = [];
  /** Role keys (tenant roles) seen in definitions or assignments, as ids. */
  private readonly roleIds = new Interner();
  private readonly users = new UserTable();
  /** tenant id → ids of the users holding roles there, for tenant-wide questions. */
  private readonly members: (Set<number> | undefined)[] = [];
  /**
   * tenant id → role id → the allow that role gives there. A decision is the same object every
   * time (frozen: callers only read it), so the common allow allocates nothing.
   */
  private readonly allows: (Decision[] | undefined)[] = [];
  private readonly denials: (Partial<Record<Decision["reason"], Decision>> | undefined)[] = [];
  /** Resource roles, relations, instances and tuples. */
  readonly rebac = new RebacIndex(this.tenantIds);
  /** Condition sets and set rules. */
  readonly abac = new AbacIndex();

  constructor() {
    this.upsertTenant({ key: DEFAULT_TENANT, name: "Default Tenant" });
  }

  // ---- decisions -------------------------------------------------------------------------------

  /**
   * Permit's allow-only decision: allowed when a role held in the tenant grants `resource:action`.
   * The allow path is a handful of lookups; only a deny works out which reason applies, in Permit's
   * order (user, tenant, resource, action, role in tenant, permission).
   */
  check(input: CheckInput): Decision {
    const resource = input.resource;
    const tenant = resource.tenant || DEFAULT_TENANT;
    // The user's slot holds their tenant roles too: found once, it answers the RBAC part below
    // without another random read.
    const slot = this.users.slotOf(input.user);
    const type = resource.type;
    const action = input.action;
    const granting = this.granting.get(type)?.get(action);
    if (slot >= 0 && granting !== undefined) {
      // The tenant among the few the user holds roles in: comparing its key with theirs is
      // cheaper than looking it up among all tenants.
      const held = this.users.heldTenant(slot, tenant, this.tenantIds.keys);
      const plain = resource.key === undefined && !this.abac.hasRulesFor(type);
      if (held >= 0 && this.tenantDefs[held] !== undefined) {
        const role = this.users.firstGrantingAt(slot, held, granting);
        if (role >= 0) return this.allowed(held, role);
        // The common deny: a member of the tenant whose roles do not grant it, and nothing finer.
        if (plain) return this.deniedIn(held, "no_permission");
      } else if (held === NOT_HELD && plain) {
        const t = this.tenantIds.idOf(tenant);
        if (t !== undefined && this.tenantDefs[t] !== undefined) return this.deniedIn(t, "no_role_in_tenant");
      } else if (held === LOOK_UP) {
        const t = this.tenantIds.idOf(tenant);
        if (t !== undefined && this.tenantDefs[t] !== undefined) {
          const role = this.users.firstGrantingAt(slot, t, granting);
          if (role >= 0) return this.allowed(t, role);
        }
      }
    }
    const user = slot < 0 ? undefined : this.users.idAt(slot);
    // Without a key there is no instance for ReBAC; without a set rule for the type, no ABAC.
    if (resource.key === undefined && !this.abac.hasRulesFor(type)) return this.denial(input, user, tenant);
    const fine = this.checkFineGrained(input, user, tenant);
    if (fine !== undefined) return fine;
    return this.denial(input, user, tenant);
  }

  private allowed(tenant: number, role: number): Decision {
    let row = this.allows[tenant];
    if (row === undefined) {
      row = [];
      this.allows[tenant] = row;
    }
    let decision = row[role];
    if (decision === undefined) {
      decision = Object.freeze({
        allow: true,
        reason: "allowed" as const,
        tenant: this.tenantIds.keyOf(tenant),
        grantedBy: this.roleIds.keyOf(role),
      });
      row[role] = decision;
    }
    return decision;
  }

  private storedUser(id: number | undefined): CheckUser | undefined {
    return id === undefined
      ? undefined
      : new StoredUser(this.users, id, this.tenantIds, this.roleIds, this.rebac);
  }

  /** ReBAC (an instance role, direct or derived), then ABAC (a set rule); `undefined` if neither allows. */
  private checkFineGrained(
    input: CheckInput,
    user: number | undefined,
    tenant: string,
  ): Decision | undefined {
    const type = input.resource.type;
    const action = input.action;
    const key = input.resource.key;
    // The instance by index: the walk reads typed arrays, not the instance objects. The index
    // shares the tenant ids, so the tenant is resolved once.
    const ix = key === undefined ? -1 : this.rebac.indexOf(type, key);
    const t = ix < 0 || user === undefined ? undefined : this.tenantIds.idOf(tenant);
    if (t !== undefined && this.rebac.tenantAt(ix) === t) {
      const grant = this.rebac.findGrant(user!, ix, type, action);
      if (grant && this.tenantDefs[t] !== undefined && this.resources.get(type)?.actions.has(action)) {
        return new RebacAllow(tenant, grant.role.label, grant.path);
      }
    }
    const rules = this.abac.rulesFor(type, action);
    if (rules === undefined) return undefined;
    const instance = ix < 0 ? undefined : this.rebac.instanceAt(ix);
    const tenantDef = this.tenants.get(tenant);
    if (tenantDef === undefined || !this.resources.get(type)?.actions.has(action)) return undefined;
    const ctx = new CheckContext(input, this.storedUser(user), tenant, tenantDef, instance, this.rebac);
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
  private denial(input: CheckInput, user: number | undefined, tenant: string): Decision {
    const reason = this.denyReason(input, user, tenant);
    if (input.resource.key === undefined || !this.rebac.hasRolesFor(input.resource.type, input.action))
      return this.denied(reason, tenant);
    return new RebacDenial(reason, tenant, () => this.rebacDetail(input, tenant));
  }

  /** A plain deny, shared per (tenant, reason) like the allows when the tenant key is known. */
  private denied(reason: Decision["reason"], tenant: string): Decision {
    const t = this.tenantIds.idOf(tenant);
    return t === undefined ? { allow: false, reason, tenant } : this.deniedIn(t, reason);
  }

  private deniedIn(t: number, reason: Decision["reason"]): Decision {
    let row = this.denials[t];
    if (row === undefined) {
      row = Object.create(null) as Partial<Record<Decision["reason"], Decision>>;
      this.denials[t] = row;
    }
    let decision = row[reason];
    if (decision === undefined) {
      decision = Object.freeze({ allow: false, reason, tenant: this.tenantIds.keyOf(t) });
      row[reason] = decision;
    }
    return decision;
  }

  private denyReason(input: CheckInput, user: number | undefined, tenant: string): Decision["reason"] {
    if (user === undefined) return "user_not_synced";
    if (!this.tenants.has(tenant)) return "no_such_tenant";
    const resource = this.resources.get(input.resource.type);
    if (resource === undefined) return "no_such_resource";
    if (!resource.actions.has(input.action)) return "no_such_action";
    const t = this.tenantIds.idOf(tenant);
    if (t === undefined || !this.users.isMember(user, t)) return "no_role_in_tenant";
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
    const user = this.users.idOf(input.user);
    // Candidate tenants: where the user holds tenant roles, the instance's own tenant, and, when a
    // set rule could grant the permission, every tenant (ABAC needs no membership).
    const candidates = new Set<string>(
      user === undefined ? [] : this.users.tenantsOf(user).map((t) => this.tenantIds.keyOf(t)),
    );
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
    const user = this.users.idOf(userKey);
    if (user === undefined) return out;
    const types =
      filter.resourceTypes && filter.resourceTypes.length > 0 ? new Set(filter.resourceTypes) : undefined;
    const ids = filter.resources && filter.resources.length > 0 ? new Set(filter.resources) : undefined;
    const wanted = filter.tenants && filter.tenants.length > 0 ? new Set(filter.tenants) : undefined;
    if (types === undefined || types.has("__tenant")) {
      for (const [tenantKey, roles] of this.tenantRolesOf(user)) {
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
    if (!this.rebac.holdsSome(user)) return out;
    let held: Iterable<[Instance, Iterable<{ key: string; actions: Set<string> }>]>;
    if (ids) {
      const some: [Instance, { key: string; actions: Set<string> }[]][] = [];
      for (const id of ids) {
        const instance = this.rebac.getInstanceById(id);
        if (instance) some.push([instance, this.rebac.rolesOn(user, instance)]);
      }
      held = some;
    } else {
      held = this.rebac.heldRoles(user);
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
  authorizedUsers(
    action: string,
    resource: CheckInput["resource"],
    options: { abac?: boolean } = {},
  ): AuthorizedUsers {
    const tenant = resource.tenant || DEFAULT_TENANT;
    const objectKey = `${resource.type}:${resource.key ?? "*"}`;
    // Prototype-free: user keys such as "__proto__" are valid and must not collide with Object's members.
    const users: Record<string, AuthorizedUserGrant[]> = Object.create(null);
    const res = this.resources.get(resource.type);
    const t = this.tenantIds.idOf(tenant);
    const members = t === undefined ? undefined : this.members[t];
    if (res?.actions.has(action) && members) {
      const granting = this.rolesGranting(resource.type, action);
      for (const id of members) {
        const userKey = this.users.keys[id]!;
        const grants: AuthorizedUserGrant[] = [];
        for (const roleId of this.users.rolesIn(id, t!)) {
          const role = this.roleIds.keyOf(roleId);
          if (granting.has(role))
            grants.push({ user: userKey, tenant, resource: tenantObjectKey(tenant), role });
        }
        if (grants.length > 0) users[userKey] = grants;
      }
    }
    const instance =
      resource.key === undefined ? undefined : this.rebac.getInstance(resource.type, resource.key);
    if (res?.actions.has(action) && instance !== undefined && instance.tenant === tenant) {
      for (const [id, roles] of this.rebac.holdersOf(instance, action)) {
        const userKey = this.users.keys[id];
        if (userKey === undefined) continue;
        let grants = users[userKey];
        if (grants === undefined) {
          grants = [];
          users[userKey] = grants;
        }
        for (const role of roles) grants.push({ user: userKey, tenant, resource: instance.id, role });
      }
    }
    if (options.abac === true) this.addAbacAuthorized(users, action, resource, tenant, objectKey);
    return { resource: objectKey, tenant, users };
  }

  /**
   * Permit lists users granted through ABAC only when asked (`context.enable_abac_authorized_users`):
   * no index says which users a user set covers, so every user's check is evaluated. Such a grant
   * names the user set as its role [uncertain: Permit documents the flag, not the entry's shape].
   */
  private addAbacAuthorized(
    users: Record<string, AuthorizedUserGrant[]>,
    action: string,
    resource: CheckInput["resource"],
    tenant: string,
    objectKey: string,
  ): void {
    if (this.abac.rulesFor(resource.type, action) === undefined) return;
    const input: CheckInput = { user: "", action, resource: { ...resource, tenant } };
    const keys = this.users.keys;
    for (let id = 0; id < keys.length; id++) {
      const userKey = keys[id];
      if (userKey === undefined) continue;
      input.user = userKey;
      // A user the ReBAC part allows is listed already, with the instance roles that grant.
      const decision = this.checkFineGrained(input, id, tenant);
      if (decision?.via !== "abac" || decision.grantedBy === undefined) continue;
      let grants = users[userKey];
      if (grants === undefined) {
        grants = [];
        users[userKey] = grants;
      }
      grants.push({ user: userKey, tenant, resource: objectKey, role: decision.grantedBy });
    }
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
    return this.users.idOf(key) !== undefined;
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
    return this.assignmentsOf(user).get(tenant) ?? new Set();
  }
  /** tenant → roles, for one user (a copy: the engine keeps them in its own layout). */
  assignmentsOf(user: string): ReadonlyMap<string, ReadonlySet<string>> {
    const id = this.users.idOf(user);
    return id === undefined ? new Map() : this.tenantRolesOf(id);
  }
  /** tenant → roles of one user, tenants and roles in the order they were assigned. */
  private tenantRolesOf(id: number): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    const pairs = this.users.pairs(id);
    for (let at = 0; at < pairs.length; at += 2) {
      const tenant = this.tenantIds.keyOf(pairs[at]!);
      let roles = out.get(tenant);
      if (roles === undefined) {
        roles = new Set();
        out.set(tenant, roles);
      }
      roles.add(this.roleIds.keyOf(pairs[at + 1]!));
    }
    return out;
  }
  stats() {
    return {
      resources: this.resources.size,
      roles: this.roles.size,
      tenants: this.tenants.size,
      users: this.users.size,
      roleAssignments: this.users.assignments,
      instanceRoleAssignments: this.rebac.assignments,
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
    this.rebac.removeResource(key);
  }

  // ---- ReBAC -----------------------------------------------------------------------------------

  upsertResourceRole(def: ResourceRoleDef): void {
    this.rebac.upsertRole(def);
  }

  /** Removes a resource role and every assignment of it (derivations naming it stop applying). */
  removeResourceRole(resource: string, key: string): void {
    if (!this.rebac.removeRole(resource, key)) return;
    for (const instance of this.rebac.instancesOf(resource)) {
      for (const [user, roles] of [...(instance.holders ?? [])])
        if (roles.has(key)) this.rebac.unassign(user, instance, key);
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
    this.rebac.removeInstance(type, key);
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
    const role = this.roleIds.idOf(key);
    if (role !== undefined) {
      for (const [, id] of this.users.entries()) {
        if (!this.users.holdsRole(id, role)) continue;
        const pairs = this.users.pairs(id);
        for (let at = 0; at < pairs.length; at += 2)
          if (pairs[at + 1] === role) this.dropTenantRole(id, pairs[at]!, role);
      }
    }
    this.compileGrants();
  }

  upsertTenant(def: TenantDef): void {
    this.tenants.set(def.key, def);
    this.tenantDefs[this.tenantIds.intern(def.key)] = def;
  }

  /** Removes a tenant, every role assignment in it and its resource instances. */
  removeTenant(key: string): void {
    this.tenants.delete(key);
    for (const instance of this.rebac.allInstances())
      if (instance.tenant === key) this.removeInstance(instance.type, instance.key);
    const t = this.tenantIds.idOf(key);
    if (t === undefined) return;
    this.tenantDefs[t] = undefined;
    for (const id of this.members[t] ?? []) this.users.removeTenant(id, t);
    this.members[t] = undefined;
  }

  /** Adds or updates a user's profile; their role assignments are kept. */
  upsertUser(def: UserDef): void {
    const attributes = def.attributes && Object.keys(def.attributes).length > 0 ? def.attributes : undefined;
    const existing = this.users.idOf(def.key);
    if (existing !== undefined) this.users.attributes[existing] = attributes;
    else this.users.add(def.key, attributes);
  }

  /** Removes a user and all their role assignments. */
  removeUser(key: string): void {
    const id = this.users.idOf(key);
    if (id === undefined) return;
    this.dropAllAssignments(id);
    this.users.remove(id);
  }

  private dropAllAssignments(id: number): void {
    for (const t of this.users.tenantsOf(id)) this.members[t]?.delete(id);
    this.users.setPairs(id, []);
    this.rebac.dropUser(id);
  }

  /** Returns whether anything changed. The user must exist. */
  assign(a: RoleAssignmentDef): boolean {
    const user = this.users.idOf(a.user);
    if (user === undefined) return false;
    if (a.resource_instance !== undefined) return this.assignOnInstance(user, a.resource_instance, a.role);
    const tenant = this.tenantIds.intern(a.tenant);
    if (!this.users.addPair(user, tenant, this.roleIds.intern(a.role))) return false;
    let members = this.members[tenant];
    if (members === undefined) {
      members = new Set();
      this.members[tenant] = members;
    }
    members.add(user);
    return true;
  }

  /** Takes one tenant role from a user; returns whether they held it. */
  private dropTenantRole(user: number, tenant: number, role: number): boolean {
    if (!this.users.removePair(user, tenant, role)) return false;
    if (!this.users.isMember(user, tenant)) this.members[tenant]?.delete(user);
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
  private assignOnInstance(user: number, instanceId: string, roleKey: string): boolean {
    const instance = this.rebac.getInstanceById(instanceId);
    return instance !== undefined && this.rebac.assign(user, instance, this.intern(roleKey));
  }

  private unassignOnInstance(user: number, instanceId: string, role: string): boolean {
    const instance = this.rebac.getInstanceById(instanceId);
    return instance !== undefined && this.rebac.unassign(user, instance, role);
  }

  /** Returns whether anything changed. */
  unassign(a: RoleAssignmentDef): boolean {
    const user = this.users.idOf(a.user);
    if (user === undefined) return false;
    if (a.resource_instance !== undefined) return this.unassignOnInstance(user, a.resource_instance, a.role);
    const tenant = this.tenantIds.idOf(a.tenant);
    const role = this.roleIds.idOf(a.role);
    return tenant !== undefined && role !== undefined && this.dropTenantRole(user, tenant, role);
  }

  /** Replaces all of a user's role assignments with the given ones (used to refresh from storage). */
  replaceAssignments(userKey: string, assignments: readonly Omit<RoleAssignmentDef, "user">[]): void {
    const user = this.users.idOf(userKey);
    if (user === undefined) return;
    this.dropAllAssignments(user);
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
    const granting = new Map<string, Map<string, Int32Array>>();
    for (const [role, byResource] of this.grants) {
      const id = this.roleIds.intern(role);
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
          let bits = byAction.get(action);
          if (bits === undefined || bits.length <= id >>> 5) {
            // Sized for every role id so far; later ids (roles not granting this) read as unset.
            const grown = new Int32Array(Math.max((this.roleIds.size + 31) >>> 5, 1));
            if (bits !== undefined) grown.set(bits);
            bits = grown;
            byAction.set(action, bits);
          }
          bits[id >>> 5]! |= 1 << (id & 31);
        }
      }
    }
    this.granting = granting;
  }
}
