/**
 * ReBAC: resource roles held on instances, directly or derived through relationship tuples.
 *
 * Instances are objects linked to each other by tuples (`incoming`/`outgoing` per relation), so a
 * check walks from the object back along exactly the relations its role derivations name, and
 * stops at the first instance where the user holds the source role directly. With a tree of
 * `parent` tuples that is one lookup per hop, whatever the number of instances or tuples. Every
 * write (instance, tuple, assignment) edits these links in place; only schema writes (resource
 * roles, relations) recompile the small role table.
 */
import { KeyedMap } from "./key-index.ts";
import type { RelationDef, ResourceInstanceDef, ResourceRoleDef } from "./model.ts";

/** Depth from which a derivation walk tracks visited (instance, role) pairs, so cycles end. */
const TRACK_FROM = 6;

export interface Instance {
  readonly type: string;
  readonly key: string;
  /** `type:key`, the id tuples and assignments use. */
  readonly id: string;
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
  /** user → resource roles assigned directly on this instance. */
  holders: Map<string, Set<string>> | undefined;
}

/** The subjects linked to an object by one relation: one inline, several in an array. */
type Subjects = Instance | Instance[] | undefined;

/** A copy of the subjects in a slot, as an array (for the cold paths that edit links while reading). */
function subjectsAt(incoming: Subjects[] | undefined, slot: number): Instance[] {
  const at = incoming?.[slot];
  return at === undefined ? [] : Array.isArray(at) ? [...at] : [at];
}

/** A user's direct instance roles: instance → role keys of the instance's type. */
export type InstanceRoles = Map<Instance, Set<string>>;

export interface CompiledResourceRole {
  resource: string;
  key: string;
  /** `document#editor`. */
  label: string;
  actions: Set<string>;
  /** How this role is derived: from `source` held on a subject linked by the relation in `slot`. */
  derivations: { source: CompiledResourceRole; relation: string; slot: number }[];
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
  /** type → key → instance; the inner maps are looked up with request strings at every check. */
  readonly instances = new Map<string, KeyedMap<Instance>>();
  private tupleCount = 0;
  /** `objectType#relation` → slot in `Instance.incoming`/`outgoing`; assigned once, never reused. */
  private readonly slots = new Map<string, number>();
  private instanceCount = 0;

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
      for (const object of this.instances.get(resource)?.values() ?? []) {
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
    const removed = [...(this.instances.get(resource)?.values() ?? [])];
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
          role.derivations.push({ source, relation: d.linked_by_relation, slot });
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
    return this.instances.get(type)?.get(key);
  }

  getInstanceById(id: string): Instance | undefined {
    const parsed = parseInstanceId(id);
    return parsed && this.instances.get(parsed.type)?.get(parsed.key);
  }

  /** Creates an instance or updates its attributes and tenant; its links are kept. */
  upsertInstance(def: ResourceInstanceDef): Instance {
    let byKey = this.instances.get(def.resource);
    if (byKey === undefined) {
      byKey = new KeyedMap();
      this.instances.set(def.resource, byKey);
    }
    const attributes = def.attributes && Object.keys(def.attributes).length > 0 ? def.attributes : undefined;
    const existing = byKey.get(def.key);
    if (existing) {
      existing.tenant = def.tenant;
      existing.attributes = attributes;
      return existing;
    }
    const inst: Instance = {
      type: def.resource,
      key: def.key,
      id: `${def.resource}:${def.key}`,
      tenant: def.tenant,
      attributes,
      incoming: undefined,
      outgoing: undefined,
      holders: undefined,
    };
    byKey.set(def.key, inst);
    this.instanceCount++;
    return inst;
  }

  /** Removes an instance and its tuples; returns it so the caller can drop its holders' assignments. */
  removeInstance(type: string, key: string): Instance | undefined {
    const inst = this.instances.get(type)?.get(key);
    if (inst === undefined) return undefined;
    for (let slot = 0; slot < (inst.incoming?.length ?? 0); slot++)
      for (const s of subjectsAt(inst.incoming, slot)) this.unlink(s, slot, inst);
    for (const [slot, objects] of (inst.outgoing ?? []).entries())
      for (const o of [...(objects ?? [])]) this.unlink(inst, slot, o);
    this.instances.get(type)!.delete(key);
    this.instanceCount--;
    return inst;
  }

  private slotOf(objectType: string, relation: string): number {
    const name = `${objectType}#${relation}`;
    let slot = this.slots.get(name);
    if (slot === undefined) {
      slot = this.slots.size;
      this.slots.set(name, slot);
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
    removeFrom(subject.outgoing, slot, object);
    this.tupleCount--;
    return true;
  }

  stats() {
    return { instances: this.instanceCount, tuples: this.tupleCount };
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
    userRoles: InstanceRoles,
    inst: Instance,
    action: string,
  ): { role: CompiledResourceRole; path: RolePath } | undefined {
    const roles = this.byAction.get(inst.type)?.get(action);
    if (roles === undefined) return undefined;
    const direct = userRoles.get(inst);
    for (const role of roles) {
      if (direct?.has(role.key)) return { role, path: [inst] };
      if (role.derivations.length === 0) continue;
      const path = this.holds(userRoles, inst, role, 0, undefined);
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
    userRoles: InstanceRoles,
    inst: Instance,
    role: CompiledResourceRole,
    depth: number,
    visited: Map<Instance, CompiledResourceRole[]> | undefined,
  ): RolePath | undefined {
    const direct = userRoles.get(inst);
    if (direct?.has(role.key)) return [inst];
    if (role.derivations.length === 0 || inst.incoming === undefined) return undefined;
    if (role.noDirect && direct !== undefined && direct.size > 0) return undefined;
    if (depth >= TRACK_FROM) {
      visited ??= new Map();
      const seen = visited.get(inst);
      if (seen === undefined) visited.set(inst, [role]);
      else if (seen.includes(role)) return undefined;
      else seen.push(role);
    }
    for (const d of role.derivations) {
      const subjects = inst.incoming[d.slot];
      if (subjects === undefined) continue;
      if (!Array.isArray(subjects)) {
        const path = this.via(userRoles, inst, d, subjects, depth, visited);
        if (path) return path;
        continue;
      }
      for (let i = 0; i < subjects.length; i++) {
        const path = this.via(userRoles, inst, d, subjects[i]!, depth, visited);
        if (path) return path;
      }
    }
    return undefined;
  }

  /** One hop of `holds`: through subject `s`, linked to `inst` by the derivation's relation. */
  private via(
    userRoles: InstanceRoles,
    inst: Instance,
    d: CompiledResourceRole["derivations"][number],
    s: Instance,
    depth: number,
    visited: Map<Instance, CompiledResourceRole[]> | undefined,
  ): RolePath | undefined {
    if (s.type !== d.source.resource || s.tenant !== inst.tenant) return undefined;
    const path = this.holds(userRoles, s, d.source, depth + 1, visited);
    if (path) path.push(d.relation, inst);
    return path;
  }

  /**
   * Every instance the user holds a resource role on, with those roles: the direct ones, then
   * whatever they derive, forward along outgoing tuples (a least fixpoint; cycles add nothing).
   */
  heldRoles(userRoles: InstanceRoles): Map<Instance, Set<CompiledResourceRole>> {
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
    for (const [inst, keys] of userRoles) {
      for (const key of keys) {
        const role = this.compiledRole(inst.type, key);
        if (role) add(inst, role);
      }
    }
    while (queue.length > 0) {
      const [inst, role] = queue.pop()!;
      for (const { target, slot } of role.derives) {
        for (const object of inst.outgoing?.[slot] ?? []) {
          if (object.type !== target.resource || object.tenant !== inst.tenant) continue;
          if (target.noDirect && (userRoles.get(object)?.size ?? 0) > 0) continue;
          add(object, target);
        }
      }
    }
    return held;
  }

  /** The roles (direct or derived) the user holds on one instance. */
  rolesOn(userRoles: InstanceRoles, inst: Instance): CompiledResourceRole[] {
    const out: CompiledResourceRole[] = [];
    for (const role of this.compiled.get(inst.type)?.values() ?? []) {
      if (this.holds(userRoles, inst, role, 0, undefined)) out.push(role);
    }
    return out;
  }

  /** user → roles on `inst` that grant `action`, direct or derived. */
  holdersOf(inst: Instance, action: string): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
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
  ): Set<string> {
    const out = new Set<string>();
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
