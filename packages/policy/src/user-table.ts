/**
 * Users and the tenant roles they hold, laid out for checks at a million users.
 *
 * A user is a small integer. Their tenant roles are (tenant id, role id) pairs in one shared
 * Int32Array, a fixed block of `PAIRS` pairs per user: a check reads one block (one cache line)
 * instead of a user object, a map of tenants and a set of roles. The few users with more pairs
 * than a block holds keep the rest in an overflow list, marked in the block's last pair.
 *
 * Pairs are kept grouped by tenant, tenants in the order the user first got a role there and
 * roles in the order they were assigned: the order a map of sets would have, so "the first role
 * that grants" and every listing read the same as before.
 */
import { KeyIndex } from "./key-index.ts";
import type { InstanceRoles } from "./rebac.ts";

/** Pairs per user block: 4 × (tenant, role) = 8 ints = 32 bytes, two users per cache line. */
const PAIRS = 4;
const BLOCK = PAIRS * 2;
/** Tenant slot of an unused pair: every pair after it is unused too. */
const EMPTY = -1;
/** Tenant slot of the block's last pair when the user's pairs go on in `overflow`. */
const MORE = -2;

export class UserTable {
  /** id → user key; `undefined` for a free id. */
  readonly keys: (string | undefined)[] = [];
  private readonly ids = new KeyIndex(this.keys);
  /** id → the user's attributes, when there are any (profile fields stay in storage). */
  readonly attributes: (Record<string, unknown> | undefined)[] = [];
  /** id → the user's direct instance roles (ReBAC). */
  readonly instanceRoles: (InstanceRoles | undefined)[] = [];
  private blocks = new Int32Array(BLOCK * 1024).fill(EMPTY);
  /** id → pairs beyond the block's first `PAIRS - 1`, for users with more. */
  private readonly overflow = new Map<number, number[]>();
  private readonly free: number[] = [];
  private pairCount = 0;

  get size(): number {
    return this.ids.size;
  }

  /** Tenant-role assignments over all users. */
  get assignments(): number {
    return this.pairCount;
  }

  idOf(key: string): number | undefined {
    return this.ids.get(key);
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
      this.instanceRoles.push(undefined);
      if ((id + 1) * BLOCK > this.blocks.length) this.grow();
    } else {
      this.keys[id] = key;
      this.attributes[id] = attributes;
      this.instanceRoles[id] = undefined;
    }
    this.ids.add(key, id);
    return id;
  }

  /** Removes a user; their id is reused by a later `add`. The caller drops their roles first. */
  remove(id: number): void {
    const key = this.keys[id];
    if (key === undefined) return;
    this.setPairs(id, []);
    this.ids.delete(key);
    this.keys[id] = undefined;
    this.attributes[id] = undefined;
    this.instanceRoles[id] = undefined;
    this.free.push(id);
  }

  private grow(): void {
    const next = new Int32Array(this.blocks.length * 2).fill(EMPTY);
    next.set(this.blocks);
    this.blocks = next;
  }

  /**
   * The first role the user holds in the tenant whose bit is set in `granting` (one bit per role
   * id, 32 to a word), or -1. The hot path of an RBAC check.
   */
  firstGranting(id: number, tenant: number, granting: Int32Array): number {
    const blocks = this.blocks;
    const end = id * BLOCK + BLOCK;
    for (let at = id * BLOCK; at < end; at += 2) {
      const t = blocks[at]!;
      if (t === tenant) {
        const role = blocks[at + 1]!;
        const word = role >>> 5;
        if (word < granting.length && (granting[word]! & (1 << (role & 31))) !== 0) return role;
      } else if (t === EMPTY) {
        return -1;
      } else if (t === MORE) {
        return this.firstGrantingAfter(id, tenant, granting);
      }
    }
    return -1;
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
    const blocks = this.blocks;
    const end = id * BLOCK + BLOCK;
    for (let at = id * BLOCK; at < end; at += 2) {
      const t = blocks[at]!;
      if (t === tenant) return true;
      if (t === EMPTY) return false;
      if (t === MORE) {
        const more = this.overflow.get(id)!;
        for (let i = 0; i < more.length; i += 2) if (more[i] === tenant) return true;
        return false;
      }
    }
    return false;
  }

  /** Does the user hold the role in any tenant? */
  holdsRole(id: number, role: number): boolean {
    const blocks = this.blocks;
    const end = id * BLOCK + BLOCK;
    for (let at = id * BLOCK; at < end; at += 2) {
      const t = blocks[at]!;
      if (t === EMPTY) return false;
      if (t === MORE) {
        const more = this.overflow.get(id)!;
        for (let i = 1; i < more.length; i += 2) if (more[i] === role) return true;
        return false;
      }
      if (blocks[at + 1] === role) return true;
    }
    return false;
  }

  /** All of the user's (tenant, role) pairs, flat, in order. */
  pairs(id: number): number[] {
    const out: number[] = [];
    const blocks = this.blocks;
    for (let at = id * BLOCK; at < id * BLOCK + BLOCK; at += 2) {
      const t = blocks[at]!;
      if (t === EMPTY) break;
      if (t === MORE) {
        out.push(...this.overflow.get(id)!);
        break;
      }
      out.push(t, blocks[at + 1]!);
    }
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
    let insertAt = all.length;
    for (let at = 0; at < all.length; at += 2) {
      if (all[at] !== tenant) continue;
      if (all[at + 1] === role) return false;
      insertAt = at + 2;
    }
    all.splice(insertAt, 0, tenant, role);
    this.setPairs(id, all);
    return true;
  }

  /** Removes a pair; false when the user did not hold it. */
  removePair(id: number, tenant: number, role: number): boolean {
    const all = this.pairs(id);
    for (let at = 0; at < all.length; at += 2) {
      if (all[at] === tenant && all[at + 1] === role) {
        all.splice(at, 2);
        this.setPairs(id, all);
        return true;
      }
    }
    return false;
  }

  /** Removes every pair in the tenant; returns how many there were. */
  removeTenant(id: number, tenant: number): number {
    const all = this.pairs(id);
    const kept = all.filter((_, i) => all[i - (i & 1)] !== tenant);
    if (kept.length !== all.length) this.setPairs(id, kept);
    return (all.length - kept.length) / 2;
  }

  /** Rewrites the user's pairs (a cold path: writes are rare next to checks). */
  setPairs(id: number, all: readonly number[]): void {
    const blocks = this.blocks;
    const base = id * BLOCK;
    this.pairCount -= this.pairs(id).length / 2;
    this.pairCount += all.length / 2;
    blocks.fill(EMPTY, base, base + BLOCK);
    if (all.length <= BLOCK) {
      blocks.set(all, base);
      this.overflow.delete(id);
      return;
    }
    const inline = BLOCK - 2;
    blocks.set(all.slice(0, inline), base);
    blocks[base + inline] = MORE;
    this.overflow.set(id, all.slice(inline));
  }
}
