/**
 * ReBAC: resource roles held on instances, directly or derived through relationship tuples.
 *
 * Instances are objects linked to each other by tuples (`incoming`/`outgoing` per relation), so a
 * check walks from the object back along exactly the relations its role derivations name, and
 * stops at the first instance where the user holds the source role directly. With a tree of
 * `parent` tuples that is one lookup per hop, whatever the number of instances or tuples. Every
 * write (instance, tuple, assignment) edits these links in place; only schema writes (resource
 * roles, relations) recompile the small role table.
 *
 * At a million instances a walk is bound by memory latency: every object it dereferences is a
 * cache and TLB miss. So each instance also has a small integer index and a 16-byte record by that
 * index (its type, its tenant, and the one subject of each of its type's first two relations), and
 * the user's direct roles sit in one block (`DirectRoles`): a hop reads one record. The instance
 * objects are only read to spell a path out, to follow several subjects of one relation, and on
 * the cold paths.
 */
import { DirectRoles } from "./direct-roles.ts";
import { Interner } from "./interner.ts";
import { KeyedMap } from "./key-index.ts";
import type { RelationDef, ResourceInstanceDef, ResourceRoleDef } from "./model.ts";

/** Depth from which a derivation walk tracks visited (instance, role) pairs, so cycles end. */
const TRACK_FROM = 6;

export interface Instance {
  readonly type: string;
  readonly key: string;
  /** `type:key`, the id tuples and assignments use. */
  readonly id: string;
  /** Index into the per-instance arrays; a removed instance's index goes to the next one created. */
  readonly ix: number;
  tenant: string;
  attributes: Record<string, unknown> | undefined;
  /**
   * Relation slot → subjects of tuples whose object is this instance: the subject itself when there
   * is one (a parent, the common case), an array when there are more. Arrays indexed by a small
   * number rather than maps of sets: a derivation walk is bound by memory latency, and a hop to a
   * single parent is two dereferences instead of five.
   */
  incoming: Subjects[] | undefined;
  /** Relation slot → objects of tuples whose subject is this instance. */
  outgoing: (Instance[] | undefined)[] | undefined;
  /** user id → resource roles assigned directly on this instance (the reverse of `DirectRoles`). */
  holders: Map<number, Set<string>> | undefined;
}

/** The subjects linked to an object by one relation: one inline, several in an array. */
type Subjects = Instance | Instance[] | undefined;

/** A copy of the subjects in a slot, as an array (for the cold paths that edit links while reading). */
function subjectsAt(incoming: Subjects[] | undefined, slot: number): Instance[] {
  const at = incoming?.[slot];
  return at === undefined ? [] : Array.isArray(at) ? [...at] : [at];
}

/** Ints per instance record in `RebacIndex.records`: type, tenant, two relation links. */
const STRIDE = 4;
const TYPE = 0;
const TENANT = 1;
/** Record offsets of the links of a type's first two relations; later ones go to `links`. */
const INLINE_LINKS = [2, 3];
/** A link: no subject in the relation; `ix + 1` is the one subject, `SEVERAL` means more. */
const NONE = 0;
const SEVERAL = -1;

export interface CompiledResourceRole {
  resource: string;
  key: string;
  /** `document#editor`. */
  label: string;
  /** The role key's id in `DirectRoles` pairs. */
  id: number;
  /** The resource type's id, compared with a record's type. */
  typeId: number;
  actions: Set<string>;
  /**
   * How this role is derived: from `source` held on a subject linked by the relation in `slot`,
   * whose link is at `place` in the object's record (0: in `RebacIndex.links[slot]` instead).
   */
  derivations: { source: CompiledResourceRole; relation: string; slot: number; place: number }[];
  /** The reverse: roles this one derives on objects linked by the relation in `slot`. */
  derives: { target: CompiledResourceRole; relation: string; slot: number }[];
  /** `no_direct_roles_on_object`: derivations do not apply where the user has a direct role. */
  noDirect: boolean;
}

/** A chain from the instance where a role is held directly to the checked one: inst, rel, inst, … */
export type RolePath = (Instance | string)[];

export function formatPath(path: RolePath): string {
  if (path.length === 1) return `direct: ${(path[0] as Instance).id}`;
  return `derived: ${path.map((p) => (typeof p === "string" ? p : p.id)).join(" → ")}`;
}

/** Splits `type:key`; `undefined` unless there is exactly one `:` with text on both sides. */
export function parseInstanceId(id: string): { type: string; key: string } | undefined {
  const at = id.indexOf(":");
  if (at <= 0 || at === id.length - 1 || id.indexOf(":", at + 1) !== -1) return undefined;
  return { type: id.slice(0, at), key: id.slice(at + 1) };
}

function bare(resource: string, permission: string): string {
  return permission.startsWith(`${resource}:`) ? permission.slice(resource.length + 1) : permission;
}

export class RebacIndex {
  private readonly roleDefs = new Map<string, Map<string, ResourceRoleDef>>();
  private readonly relationDefs = new Map<string, Map<string, RelationDef>>();
  private compiled = new Map<string, Map<string, CompiledResourceRole>>();
  /** type → action → roles of that type whose permissions include it. */
  private byAction = new Map<string, Map<string, CompiledResourceRole[]>>();
  /** type → key → instance index; the inner maps are looked up with request strings at every check. */
  private readonly instances = new Map<string, KeyedMap<number>>();
  private tupleCount = 0;
  /** `objectType#relation` → slot in `Instance.incoming`/`outgoing`; assigned once, never reused. */
  private readonly slots = new Map<string, number>();
  /** slot → where its links are: an offset in the object's record, or 0 for `links[slot]`. */
  private readonly places: number[] = [];
  /** object type → how many slots it has. */
  private readonly slotsPerType = new Map<string, number>();
  private instanceCount = 0;
  /** index → instance; `undefined` for a free index. */
  private readonly byIx: (Instance | undefined)[] = [];
  private readonly freeIx: number[] = [];
  /** Length of the per-instance typed arrays. */
  private capacity = 1024;
  /**
   * index → record of `STRIDE` ints: type id, tenant id (-1 when free), then the links of the
   * type's first two relation slots. A link is `NONE`, the one subject's index + 1 (a parent, the
   * common case), or `SEVERAL` (then read `Instance.incoming`).
   */
  private records = newRecords(this.capacity);
  /** slot → index → link, for the slots not in the record; a slot's array is made at its first tuple. */
  private links: (Int32Array | undefined)[] = [];
  private readonly typeIds = new Interner();
  private readonly roleIds = new Interner();
  /** Users' resource roles assigned directly on instances. */
  private readonly direct = new DirectRoles();

  /** `tenantIds`: the engine's, so that a check resolves the request's tenant once for both. */
  constructor(private readonly tenantIds = new Interner()) {}

  // ---- schema ----------------------------------------------------------------------------------

  upsertRole(def: ResourceRoleDef): void {
    let byKey = this.roleDefs.get(def.resource);
    if (byKey === undefined) {
      byKey = new Map();
      this.roleDefs.set(def.resource, byKey);
    }
    byKey.set(def.key, def);
    this.compile();
  }

  removeRole(resource: string, key: string): boolean {
    if (!this.roleDefs.get(resource)?.delete(key)) return false;
    this.compile();
    return true;
  }

  getRole(resource: string, key: string): ResourceRoleDef | undefined {
    return this.roleDefs.get(resource)?.get(key);
  }

  rolesOf(resource: string): ResourceRoleDef[] {
    return [...(this.roleDefs.get(resource)?.values() ?? [])];
  }

  compiledRole(resource: string, key: string): CompiledResourceRole | undefined {
    return this.compiled.get(resource)?.get(key);
  }

  upsertRelation(def: RelationDef): void {
    let byKey = this.relationDefs.get(def.resource);
    if (byKey === undefined) {
      byKey = new Map();
      this.relationDefs.set(def.resource, byKey);
    }
    byKey.set(def.key, def);
    this.compile();
  }

  /** Removes a relation declared on `resource` and every tuple of it. */
  removeRelation(resource: string, key: string): boolean {
    if (!this.relationDefs.get(resource)?.delete(key)) return false;
    const slot = this.slots.get(`${resource}#${key}`);
    if (slot !== undefined) {
      for (const object of this.instancesOf(resource)) {
        for (const subject of subjectsAt(object.incoming, slot)) this.unlink(subject, slot, object);
      }
    }
    this.compile();
    return true;
  }

  getRelation(resource: string, key: string): RelationDef | undefined {
    return this.relationDefs.get(resource)?.get(key);
  }

  relationsOf(resource: string): RelationDef[] {
    return [...(this.relationDefs.get(resource)?.values() ?? [])];
  }

  /** Drops everything of a resource type: its roles, relations and instances (with their tuples). */
  removeResource(resource: string): Instance[] {
    const removed = this.instancesOf(resource);
    for (const inst of removed) this.removeInstance(resource, inst.key);
    this.roleDefs.delete(resource);
    this.relationDefs.delete(resource);
    for (const [object, rels] of this.relationDefs) {
      for (const [key, rel] of rels) if (rel.subject_resource === resource) this.removeRelation(object, key);
    }
    this.compile();
    return removed;
  }

  /**
   * Rebuilds the role table from the definitions. Derivations whose relation, related type or
   * source role does not exist are left out (the service rejects them; storage may still hold one
   * that a later write makes valid).
   */
  private compile(): void {
    const compiled = new Map<string, Map<string, CompiledResourceRole>>();
    for (const [resource, defs] of this.roleDefs) {
      const byKey = new Map<string, CompiledResourceRole>();
      for (const def of defs.values()) {
        byKey.set(def.key, {
          resource,
          key: def.key,
          label: `${resource}#${def.key}`,
          id: this.roleIds.intern(def.key),
          typeId: this.typeIds.intern(resource),
          actions: new Set(def.permissions.map((p) => bare(resource, p))),
          derivations: [],
          derives: [],
          noDirect: def.granted_to?.when?.no_direct_roles_on_object === true,
        });
      }
      compiled.set(resource, byKey);
    }
    const byAction = new Map<string, Map<string, CompiledResourceRole[]>>();
    for (const [resource, defs] of this.roleDefs) {
      const actions = new Map<string, CompiledResourceRole[]>();
      for (const def of defs.values()) {
        const role = compiled.get(resource)!.get(def.key)!;
        for (const action of role.actions) {
          const list = actions.get(action);
          if (list) list.push(role);
          else actions.set(action, [role]);
        }
        for (const d of def.granted_to?.users_with_role ?? []) {
          const rel = this.relationDefs.get(resource)?.get(d.linked_by_relation);
          const source = compiled.get(d.on_resource)?.get(d.role);
          if (rel === undefined || rel.subject_resource !== d.on_resource || source === undefined) continue;
          const slot = this.slotOf(resource, d.linked_by_relation);
          const place = this.places[slot]!;
          role.derivations.push({ source, relation: d.linked_by_relation, slot, place });
          source.derives.push({ target: role, relation: d.linked_by_relation, slot });
        }
      }
      byAction.set(resource, actions);
    }
    this.compiled = compiled;
    this.byAction = byAction;
  }

  // ---- facts -----------------------------------------------------------------------------------

  getInstance(type: string, key: string): Instance | undefined {
    const ix = this.instances.get(type)?.get(key);
    return ix === undefined ? undefined : this.byIx[ix];
  }

  getInstanceById(id: string): Instance | undefined {
    const parsed = parseInstanceId(id);
    return parsed && this.getInstance(parsed.type, parsed.key);
  }

  /** The index of instance `type:key`, or -1: a check reads nothing of the instance object. */
  indexOf(type: string, key: string): number {
    return this.instances.get(type)?.get(key) ?? -1;
  }

  instanceAt(ix: number): Instance | undefined {
    return this.byIx[ix];
  }

  /** The tenant id of the instance at `ix`. */
  tenantAt(ix: number): number {
    return this.records[ix * STRIDE + TENANT]!;
  }

  /** The instances of a type (a copy: callers may remove them while going through). */
  instancesOf(type: string): Instance[] {
    const out: Instance[] = [];
    for (const ix of this.instances.get(type)?.values() ?? []) out.push(this.byIx[ix]!);
    return out;
  }

  /** Every instance (a copy). */
  allInstances(): Instance[] {
    return this.byIx.filter((inst): inst is Instance => inst !== undefined);
  }

  /** Creates an instance or updates its attributes and tenant; its links are kept. */
  upsertInstance(def: ResourceInstanceDef): Instance {
    let byKey = this.instances.get(def.resource);
    if (byKey === undefined) {
      byKey = new KeyedMap();
      this.instances.set(def.resource, byKey);
    }
    const attributes = def.attributes && Object.keys(def.attributes).length > 0 ? def.attributes : undefined;
    const at = byKey.get(def.key);
    if (at !== undefined) {
      const existing = this.byIx[at]!;
      existing.tenant = def.tenant;
      existing.attributes = attributes;
      this.records[at * STRIDE + TENANT] = this.tenantIds.intern(def.tenant);
      return existing;
    }
    let ix = this.freeIx.pop();
    if (ix === undefined) {
      ix = this.byIx.length;
      this.byIx.push(undefined);
      if (ix >= this.capacity) this.grow();
    }
    const inst: Instance = {
      type: def.resource,
      key: def.key,
      id: `${def.resource}:${def.key}`,
      ix,
      tenant: def.tenant,
      attributes,
      incoming: undefined,
      outgoing: undefined,
      holders: undefined,
    };
    this.byIx[ix] = inst;
    this.records[ix * STRIDE + TYPE] = this.typeIds.intern(def.resource);
    this.records[ix * STRIDE + TENANT] = this.tenantIds.intern(def.tenant);
    byKey.set(def.key, ix);
    this.instanceCount++;
    return inst;
  }

  /** Doubles the per-instance arrays. */
  private grow(): void {
    this.capacity *= 2;
    const records = newRecords(this.capacity);
    records.set(this.records);
    this.records = records;
    this.links = this.links.map((from) => {
      if (from === undefined) return undefined;
      const to = new Int32Array(this.capacity);
      to.set(from);
      return to;
    });
  }

  /** Removes an instance, its tuples and the role assignments on it; returns it. */
  removeInstance(type: string, key: string): Instance | undefined {
    const inst = this.getInstance(type, key);
    if (inst === undefined) return undefined;
    for (let slot = 0; slot < (inst.incoming?.length ?? 0); slot++)
      for (const s of subjectsAt(inst.incoming, slot)) this.unlink(s, slot, inst);
    for (const [slot, objects] of (inst.outgoing ?? []).entries())
      for (const o of [...(objects ?? [])]) this.unlink(inst, slot, o);
    for (const user of inst.holders?.keys() ?? []) this.direct.removeInstance(user, inst.ix);
    inst.holders = undefined;
    this.instances.get(type)!.delete(key);
    this.byIx[inst.ix] = undefined;
    // Its links are all NONE now that its tuples are gone.
    this.records[inst.ix * STRIDE + TYPE] = -1;
    this.records[inst.ix * STRIDE + TENANT] = -1;
    this.freeIx.push(inst.ix);
    this.instanceCount--;
    return inst;
  }

  private slotOf(objectType: string, relation: string): number {
    const name = `${objectType}#${relation}`;
    let slot = this.slots.get(name);
    if (slot === undefined) {
      slot = this.slots.size;
      this.slots.set(name, slot);
      const nth = this.slotsPerType.get(objectType) ?? 0;
      this.slotsPerType.set(objectType, nth + 1);
      this.places[slot] = INLINE_LINKS[nth] ?? 0;
    }
    return slot;
  }

  /** Links two existing instances; false when either is missing or the tuple exists. */
  addTuple(subjectId: string, relation: string, objectId: string): boolean {
    const subject = this.getInstanceById(subjectId);
    const object = this.getInstanceById(objectId);
    if (subject === undefined || object === undefined) return false;
    const slot = this.slotOf(object.type, relation);
    // Uniqueness is checked on the object's side, whose fan-in is small; a subject's fan-out
    // (a group shared with thousands of documents) is only ever appended to.
    if (!addSubject(object, slot, subject)) return false;
    this.syncLink(object, slot);
    linkList(subject, slot).push(object);
    this.tupleCount++;
    return true;
  }

  removeTuple(subjectId: string, relation: string, objectId: string): boolean {
    const subject = this.getInstanceById(subjectId);
    const object = this.getInstanceById(objectId);
    const slot = object && this.slots.get(`${object.type}#${relation}`);
    if (subject === undefined || object === undefined || slot === undefined) return false;
    return this.unlink(subject, slot, object);
  }

  hasTuple(subjectId: string, relation: string, objectId: string): boolean {
    const subject = this.getInstanceById(subjectId);
    const object = this.getInstanceById(objectId);
    const slot = object && this.slots.get(`${object.type}#${relation}`);
    if (subject === undefined || object === undefined || slot === undefined) return false;
    const at = object.incoming?.[slot];
    return at === subject || (Array.isArray(at) && at.includes(subject));
  }

  private unlink(subject: Instance, slot: number, object: Instance): boolean {
    if (!removeSubject(object, slot, subject)) return false;
    this.syncLink(object, slot);
    removeFrom(subject.outgoing, slot, object);
    this.tupleCount--;
    return true;
  }

  /** Mirrors `object.incoming[slot]` into its link (in the object's record, or the slot's array). */
  private syncLink(object: Instance, slot: number): void {
    const at = object.incoming?.[slot];
    const link = at === undefined ? NONE : Array.isArray(at) ? SEVERAL : at.ix + 1;
    const place = this.places[slot]!;
    if (place !== 0) {
      this.records[object.ix * STRIDE + place] = link;
      return;
    }
    let links = this.links[slot];
    if (links === undefined) {
      links = new Int32Array(this.capacity);
      this.links[slot] = links;
    }
    links[object.ix] = link;
  }

  stats() {
    return { instances: this.instanceCount, tuples: this.tupleCount };
  }

  // ---- direct assignments ----------------------------------------------------------------------

  /** Gives user `user` (an id) resource role `role` on the instance; false when they hold it. */
  assign(user: number, inst: Instance, role: string): boolean {
    if (!this.direct.add(user, inst.ix, this.roleIds.intern(role))) return false;
    inst.holders ??= new Map();
    let roles = inst.holders.get(user);
    if (roles === undefined) {
      roles = new Set();
      inst.holders.set(user, roles);
    }
    roles.add(role);
    return true;
  }

  /** Takes a resource role on the instance from a user; false when they did not hold it. */
  unassign(user: number, inst: Instance, role: string): boolean {
    const id = this.roleIds.idOf(role);
    if (id === undefined || !this.direct.remove(user, inst.ix, id)) return false;
    const roles = inst.holders?.get(user);
    roles?.delete(role);
    if (roles?.size === 0) inst.holders!.delete(user);
    return true;
  }

  /** Takes every instance role from a user (before the user goes, or to reload them). */
  dropUser(user: number): void {
    const pairs = this.direct.pairs(user);
    for (let at = 0; at < pairs.length; at += 2) this.byIx[pairs[at]!]!.holders?.delete(user);
    this.direct.set(user, []);
  }

  /** Does the user hold any instance role? */
  holdsSome(user: number): boolean {
    return this.direct.holdsSome(user);
  }

  /** Does the user hold a role directly on some instance of the tenant? */
  holdsSomeIn(user: number, tenant: string): boolean {
    const t = this.tenantIds.idOf(tenant);
    if (t === undefined) return false;
    const pairs = this.direct.pairs(user);
    for (let at = 0; at < pairs.length; at += 2)
      if (this.records[pairs[at]! * STRIDE + TENANT] === t) return true;
    return false;
  }

  /** Direct instance role assignments over all users. */
  get assignments(): number {
    return this.direct.size;
  }

  // ---- decisions -------------------------------------------------------------------------------

  /** True when some resource role of the type grants the action (ReBAC can matter for it). */
  hasRolesFor(type: string, action: string): boolean {
    return this.byAction.get(type)?.has(action) === true;
  }

  /**
   * The first role on `inst` that grants `action` and that the user holds, with the path that
   * proves it; `undefined` when none. The instance must be in the request tenant (checked by the
   * caller); derivations only follow subjects in that tenant too.
   */
  findGrant(
    user: number,
    ix: number,
    type: string,
    action: string,
  ): { role: CompiledResourceRole; path: RolePath } | undefined {
    const roles = this.byAction.get(type)?.get(action);
    if (roles === undefined || !this.direct.holdsSome(user)) return undefined;
    for (const role of roles) {
      const path = this.holds(user, ix, role, 0, undefined);
      if (path) return { role, path };
    }
    return undefined;
  }

  /**
   * Does the user hold `role` on `inst`, directly or derived? Depth-first. Hierarchies are shallow,
   * so the walk only starts remembering what it visited (to end cycles) once it is deeper than
   * `TRACK_FROM` hops: the common check allocates nothing.
   */
  private holds(
    user: number,
    ix: number,
    role: CompiledResourceRole,
    depth: number,
    visited: Map<number, CompiledResourceRole[]> | undefined,
  ): RolePath | undefined {
    if (this.direct.holds(user, ix, role.id)) {
      // Sized for the hops above, which fill it in from the end: no array grows on the way out.
      const path: RolePath = new Array(2 * depth + 1);
      path[0] = this.byIx[ix]!;
      return path;
    }
    if (role.derivations.length === 0) return undefined;
    if (role.noDirect && this.direct.holdsAny(user, ix)) return undefined;
    if (depth >= TRACK_FROM) {
      visited ??= new Map();
      const seen = visited.get(ix);
      if (seen === undefined) visited.set(ix, [role]);
      else if (seen.includes(role)) return undefined;
      else seen.push(role);
    }
    for (const d of role.derivations) {
      const one = d.place !== 0 ? this.records[ix * STRIDE + d.place]! : (this.links[d.slot]?.[ix] ?? NONE);
      if (one > 0) {
        const path = this.via(user, ix, d, one - 1, depth, visited);
        if (path) return path;
      } else if (one === SEVERAL) {
        const subjects = this.byIx[ix]!.incoming![d.slot] as Instance[];
        for (let i = 0; i < subjects.length; i++) {
          const path = this.via(user, ix, d, subjects[i]!.ix, depth, visited);
          if (path) return path;
        }
      }
    }
    return undefined;
  }

  /** One hop of `holds`: through subject `s`, linked to `ix` by the derivation's relation. */
  private via(
    user: number,
    ix: number,
    d: CompiledResourceRole["derivations"][number],
    s: number,
    depth: number,
    visited: Map<number, CompiledResourceRole[]> | undefined,
  ): RolePath | undefined {
    const records = this.records;
    if (records[s * STRIDE + TYPE] !== d.source.typeId) return undefined;
    if (records[s * STRIDE + TENANT] !== records[ix * STRIDE + TENANT]) return undefined;
    const path = this.holds(user, s, d.source, depth + 1, visited);
    if (path) {
      const at = path.length - 1 - 2 * depth;
      path[at - 1] = d.relation;
      path[at] = this.byIx[ix]!;
    }
    return path;
  }

  /**
   * Every instance the user holds a resource role on, with those roles: the direct ones, then
   * whatever they derive, forward along outgoing tuples (a least fixpoint; cycles add nothing).
   */
  heldRoles(user: number): Map<Instance, Set<CompiledResourceRole>> {
    const held = new Map<Instance, Set<CompiledResourceRole>>();
    const queue: [Instance, CompiledResourceRole][] = [];
    const add = (inst: Instance, role: CompiledResourceRole) => {
      let roles = held.get(inst);
      if (roles === undefined) {
        roles = new Set();
        held.set(inst, roles);
      }
      if (roles.has(role)) return;
      roles.add(role);
      queue.push([inst, role]);
    };
    const pairs = this.direct.pairs(user);
    for (let at = 0; at < pairs.length; at += 2) {
      const inst = this.byIx[pairs[at]!]!;
      const role = this.compiledRole(inst.type, this.roleIds.keyOf(pairs[at + 1]!));
      if (role) add(inst, role);
    }
    while (queue.length > 0) {
      const [inst, role] = queue.pop()!;
      for (const { target, slot } of role.derives) {
        for (const object of inst.outgoing?.[slot] ?? []) {
          if (object.type !== target.resource || object.tenant !== inst.tenant) continue;
          if (target.noDirect && this.direct.holdsAny(user, object.ix)) continue;
          add(object, target);
        }
      }
    }
    return held;
  }

  /** The roles (direct or derived) the user holds on one instance. */
  rolesOn(user: number, inst: Instance): CompiledResourceRole[] {
    const out: CompiledResourceRole[] = [];
    for (const role of this.compiled.get(inst.type)?.values() ?? []) {
      if (this.holds(user, inst.ix, role, 0, undefined)) out.push(role);
    }
    return out;
  }

  /** user id → roles on `inst` that grant `action`, direct or derived. */
  holdersOf(inst: Instance, action: string): Map<number, Set<string>> {
    const out = new Map<number, Set<string>>();
    for (const role of this.byAction.get(inst.type)?.get(action) ?? []) {
      for (const user of this.usersHolding(inst, role, new Map())) {
        let roles = out.get(user);
        if (roles === undefined) {
          roles = new Set();
          out.set(user, roles);
        }
        roles.add(role.key);
      }
    }
    return out;
  }

  private usersHolding(
    inst: Instance,
    role: CompiledResourceRole,
    visited: Map<Instance, CompiledResourceRole[]>,
  ): Set<number> {
    const out = new Set<number>();
    const seen = visited.get(inst);
    if (seen?.includes(role)) return out;
    if (seen === undefined) visited.set(inst, [role]);
    else seen.push(role);
    for (const [user, roles] of inst.holders ?? []) if (roles.has(role.key)) out.add(user);
    for (const d of role.derivations) {
      for (const s of subjectsAt(inst.incoming, d.slot)) {
        if (s.type !== d.source.resource || s.tenant !== inst.tenant) continue;
        for (const user of this.usersHolding(s, d.source, visited)) {
          if (role.noDirect && (inst.holders?.get(user)?.size ?? 0) > 0) continue;
          out.add(user);
        }
      }
    }
    return out;
  }
}

function newRecords(capacity: number): Int32Array {
  const records = new Int32Array(capacity * STRIDE);
  for (let at = 0; at < records.length; at += STRIDE) {
    records[at + TYPE] = -1;
    records[at + TENANT] = -1;
  }
  return records;
}

/** Adds a subject to an object's slot; false when it is already there. */
function addSubject(object: Instance, slot: number, subject: Instance): boolean {
  object.incoming ??= [];
  const at = object.incoming[slot];
  if (at === undefined) object.incoming[slot] = subject;
  else if (at === subject) return false;
  else if (!Array.isArray(at)) object.incoming[slot] = [at, subject];
  else if (at.includes(subject)) return false;
  else at.push(subject);
  return true;
}

/** Removes a subject from an object's slot, keeping the order the array form would have. */
function removeSubject(object: Instance, slot: number, subject: Instance): boolean {
  const at = object.incoming?.[slot];
  if (at === undefined) return false;
  if (!Array.isArray(at)) {
    if (at !== subject) return false;
    object.incoming![slot] = undefined;
    return true;
  }
  const i = at.indexOf(subject);
  if (i === -1) return false;
  // Order does not matter: swap the last entry in rather than shifting the array.
  at[i] = at[at.length - 1]!;
  at.pop();
  if (at.length === 1) object.incoming![slot] = at[0];
  return true;
}

function linkList(inst: Instance, slot: number): Instance[] {
  let bySlot = inst.outgoing;
  if (bySlot === undefined) {
    bySlot = [];
    inst.outgoing = bySlot;
  }
  let list = bySlot[slot];
  if (list === undefined) {
    list = [];
    bySlot[slot] = list;
  }
  return list;
}

function removeFrom(bySlot: (Instance[] | undefined)[] | undefined, slot: number, inst: Instance): boolean {
  const list = bySlot?.[slot];
  const at = list?.indexOf(inst) ?? -1;
  if (list === undefined || at === -1) return false;
  // Order does not matter: swap the last entry in rather than shifting the array.
  list[at] = list[list.length - 1]!;
  list.pop();
  if (list.length === 0) bySlot![slot] = undefined;
  return true;
}
