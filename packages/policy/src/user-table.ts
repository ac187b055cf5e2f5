/**
 * Users and the tenant roles they hold, laid out for checks at a million users.
 *
 * A user is a small integer, and their first tenant roles live in the user's own slot of the key
 * index, beside their key: a check finds the user and reads their (tenant, role) pairs from one
 * 64-byte cache line, instead of a user object, a map of tenants and a set of roles (at a million
 * users every extra random read costs more than the rest of the check). A slot holds `INLINE_PAIRS`
 * pairs; a user with more, or with a role id beyond 16 bits, keeps all their pairs in `overflow`.
 *
 * Pairs are kept grouped by tenant, tenants in the order the user first got a role there and
 * roles in the order they were assigned: the order a map of sets would have, so "the first role
 * that grants" and every listing read the same as before.
 */
import { KeyIndex, PAYLOAD } from "./key-index.ts";
import { insertGrouped, removePair, withoutGroup } from "./pair-list.ts";

/**
 * Pairs in the slot: tenant ids as 3 ints, role ids as 3 16-bit units, and a count byte. With the
 * 8-byte header that leaves 36 bytes of the 64 for the key: a Cognito `sub` fits inline.
 */
const INLINE_PAIRS = 3;
const TENANTS_AT = PAYLOAD / 4;
const ROLES_AT = (PAYLOAD + 4 * INLINE_PAIRS) / 2;
const COUNT_AT = PAYLOAD + 6 * INLINE_PAIRS;
const PAYLOAD_BYTES = COUNT_AT + 1 - PAYLOAD;
/** Count byte of a user whose pairs are all in `overflow`. */
const MORE = 255;
/** `heldTenant`: the user holds no role in the tenant. */
export const NOT_HELD = -1;
/** `heldTenant`: the user's pairs are in the overflow; look the tenant up instead. */
export const LOOK_UP = -2;
/** Role ids an inline pair can hold. */
const MAX_INLINE_ROLE = 0xffff;

export class UserTable {
  /** id → user key; `undefined` for a free id. */
  readonly keys: (string | undefined)[] = [];
  private readonly index = new KeyIndex(this.keys, PAYLOAD_BYTES);
  /** id → the user's attributes, when there are any (profile fields stay in storage). */
  readonly attributes: (Record<string, unknown> | undefined)[] = [];
  /** id → all the pairs of a user whose pairs do not fit their slot. */
  private readonly overflow = new Map<number, number[]>();
  private readonly free: number[] = [];
  private pairCount = 0;

  get size(): number {
    return this.index.size;
  }

  /** Tenant-role assignments over all users. */
  get assignments(): number {
    return this.pairCount;
  }

  /** Bytes held outside the JS heap (the key index with the inline pairs). */
  get externalBytes(): number {
    return this.index.byteLength;
  }

  idOf(key: string): number | undefined {
    return this.index.get(key);
  }

  /** The user's slot (for `firstGrantingAt`), or -1 for an unknown key: the hot path of a check. */
  slotOf(key: string): number {
    return this.index.find(key);
  }

  idAt(slot: number): number {
    return this.index.idAt(slot);
  }

  /** Every live user id with its key. */
  *entries(): IterableIterator<[string, number]> {
    for (const [id, key] of this.keys.entries()) if (key !== undefined) yield [key, id];
  }

  /** Adds a user with no roles; returns the id (a freed one when there is one). */
  add(key: string, attributes: Record<string, unknown> | undefined): number {
    let id = this.free.pop();
    if (id === undefined) {
      id = this.keys.length;
      this.keys.push(key);
      this.attributes.push(attributes);
    } else {
      this.keys[id] = key;
      this.attributes[id] = attributes;
    }
    this.index.add(key, id);
    return id;
  }

  /** Removes a user; their id is reused by a later `add`. The caller drops their roles first. */
  remove(id: number): void {
    const key = this.keys[id];
    if (key === undefined) return;
    this.setPairs(id, []);
    this.index.delete(key);
    this.keys[id] = undefined;
    this.attributes[id] = undefined;
    this.free.push(id);
  }

  /**
   * The first role the user in `slot` holds in the tenant whose bit is set in `granting` (one bit
   * per role id, 32 to a word), or -1. The hot path of an RBAC check: it reads the slot the user's
   * lookup has just loaded.
   */
  firstGrantingAt(slot: number, tenant: number, granting: Int32Array): number {
    const count = this.index.bytes[slot * 4 + COUNT_AT]!;
    if (count === MORE) return this.firstGrantingAfter(this.index.idAt(slot), tenant, granting);
    const ints = this.index.ints;
    for (let k = 0; k < count; k++) {
      if (ints[slot + TENANTS_AT + k] !== tenant) continue;
      const role = this.index.u16[slot * 2 + ROLES_AT + k]!;
      const word = role >>> 5;
      if (word < granting.length && (granting[word]! & (1 << (role & 31))) !== 0) return role;
    }
    return -1;
  }

  /**
   * The id of the tenant keyed `key` when the user in `slot` holds a role there (`tenantKeys` maps
   * tenant ids to keys), else `NOT_HELD`; `LOOK_UP` for a user whose pairs are not in the slot.
   */
  heldTenant(slot: number, key: string, tenantKeys: readonly string[]): number {
    const count = this.index.bytes[slot * 4 + COUNT_AT]!;
    if (count === MORE) return LOOK_UP;
    const ints = this.index.ints;
    for (let k = 0; k < count; k++) {
      const t = ints[slot + TENANTS_AT + k]!;
      if (tenantKeys[t] === key) return t;
    }
    return NOT_HELD;
  }

  firstGranting(id: number, tenant: number, granting: Int32Array): number {
    return this.firstGrantingAt(this.index.slotOf(id), tenant, granting);
  }

  private firstGrantingAfter(id: number, tenant: number, granting: Int32Array): number {
    const more = this.overflow.get(id)!;
    for (let at = 0; at < more.length; at += 2) {
      if (more[at] !== tenant) continue;
      const role = more[at + 1]!;
      const word = role >>> 5;
      if (word < granting.length && (granting[word]! & (1 << (role & 31))) !== 0) return role;
    }
    return -1;
  }

  /** Does the user hold any role in the tenant? */
  isMember(id: number, tenant: number): boolean {
    return this.isMemberAt(this.index.slotOf(id), tenant);
  }

  /** `isMember` for the user in `slot`. */
  isMemberAt(slot: number, tenant: number): boolean {
    const count = this.index.bytes[slot * 4 + COUNT_AT]!;
    if (count === MORE) {
      const more = this.overflow.get(this.index.idAt(slot))!;
      for (let i = 0; i < more.length; i += 2) if (more[i] === tenant) return true;
      return false;
    }
    const ints = this.index.ints;
    for (let k = 0; k < count; k++) if (ints[slot + TENANTS_AT + k] === tenant) return true;
    return false;
  }

  /** Does the user hold the role in any tenant? */
  holdsRole(id: number, role: number): boolean {
    const all = this.pairs(id);
    for (let i = 1; i < all.length; i += 2) if (all[i] === role) return true;
    return false;
  }

  /** All of the user's (tenant, role) pairs, flat, in order. */
  pairs(id: number): number[] {
    const slot = this.index.slotOf(id);
    const count = this.index.bytes[slot * 4 + COUNT_AT]!;
    if (count === MORE) return [...this.overflow.get(id)!];
    const out: number[] = [];
    for (let k = 0; k < count; k++)
      out.push(this.index.ints[slot + TENANTS_AT + k]!, this.index.u16[slot * 2 + ROLES_AT + k]!);
    return out;
  }
  /** Role ids the user holds in the tenant, in assignment order. */
  rolesIn(id: number, tenant: number): number[] {
    const all = this.pairs(id);
    const out: number[] = [];
    for (let at = 0; at < all.length; at += 2) if (all[at] === tenant) out.push(all[at + 1]!);
    return out;
  }

  /** Tenant ids the user holds roles in, in the order they were first given one there. */
  tenantsOf(id: number): number[] {
    const all = this.pairs(id);
    const out: number[] = [];
    for (let at = 0; at < all.length; at += 2) if (out[out.length - 1] !== all[at]) out.push(all[at]!);
    return out;
  }

  /** Adds a pair after the tenant's others (or at the end); false when the user holds it already. */
  addPair(id: number, tenant: number, role: number): boolean {
    const all = this.pairs(id);
    if (!insertGrouped(all, tenant, role)) return false;
    this.setPairs(id, all);
    return true;
  }

  /** Removes a pair; false when the user did not hold it. */
  removePair(id: number, tenant: number, role: number): boolean {
    const all = this.pairs(id);
    if (!removePair(all, tenant, role)) return false;
    this.setPairs(id, all);
    return true;
  }

  /** Removes every pair in the tenant; returns how many there were. */
  removeTenant(id: number, tenant: number): number {
    const all = this.pairs(id);
    const kept = withoutGroup(all, tenant);
    if (kept.length !== all.length) this.setPairs(id, kept);
    return (all.length - kept.length) / 2;
  }

  /** Rewrites the user's pairs (a cold path: writes are rare next to checks). */
  setPairs(id: number, all: readonly number[]): void {
    this.pairCount += all.length / 2 - this.pairs(id).length / 2;
    const slot = this.index.slotOf(id);
    const bytes = this.index.bytes;
    let inline = all.length <= 2 * INLINE_PAIRS;
    for (let i = 1; inline && i < all.length; i += 2) inline = all[i]! <= MAX_INLINE_ROLE;
    if (!inline) {
      bytes[slot * 4 + COUNT_AT] = MORE;
      this.overflow.set(id, [...all]);
      return;
    }
    this.overflow.delete(id);
    for (let k = 0; k < all.length / 2; k++) {
      this.index.ints[slot + TENANTS_AT + k] = all[2 * k]!;
      this.index.u16[slot * 2 + ROLES_AT + k] = all[2 * k + 1]!;
    }
    bytes[slot * 4 + COUNT_AT] = all.length / 2;
  }
}
