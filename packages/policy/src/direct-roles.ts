/**
 * Users' resource roles assigned directly on instances, laid out for the ReBAC walk.
 *
 * A derivation walk asks "does this user hold role R on instance I?" at every hop. With a map of
 * instances to sets per user that is three or four objects scattered over the heap, each a cache
 * and TLB miss at a million instances. Here a user's (instance index, role id) pairs sit in a fixed
 * block of one shared Int32Array (32 bytes): the first question reads the block and the others of
 * the same check find it in cache. A user with more pairs than a block holds (the owner of thousands
 * of tasks is common) keeps them all in a map of instance → roles instead, marked in the block: a
 * check and a write stay one hash lookup however many roles the user holds.
 *
 * Pairs of one instance stay together, instances in the order the user first got a role on them
 * and roles in the order assigned: the order a map of sets had, so listings read the same.
 */

import { insertGrouped, removePair, withoutGroup } from "./pair-list.ts";

/** Pairs per user block: 4 × (instance, role) = 8 ints = 32 bytes. */
const PAIRS = 4;
const BLOCK = PAIRS * 2;
/** Instance slot of an unused pair: every pair after it is unused too. */
const EMPTY = -1;
/** Instance slot of a block's first pair when the user's pairs are all in `overflow`. */
const MORE = -2;

/** A user's pairs past a block: instance → role ids, in the order a block would keep them. */
interface Overflow {
  byInstance: Map<number, number[]>;
  count: number;
}

export class DirectRoles {
  private blocks = new Int32Array(BLOCK * 1024).fill(EMPTY);
  private readonly overflow = new Map<number, Overflow>();
  private count = 0;

  /** Pairs over all users. */
  get size(): number {
    return this.count;
  }

  /** Does the user hold `role` directly on instance `ix`? The hot path of a ReBAC check. */
  holds(user: number, ix: number, role: number): boolean {
    const blocks = this.blocks;
    const end = user * BLOCK + BLOCK;
    if (end > blocks.length) return false;
    for (let at = end - BLOCK; at < end; at += 2) {
      const i = blocks[at]!;
      if (i === ix) {
        if (blocks[at + 1] === role) return true;
      } else if (i === EMPTY) {
        return false;
      } else if (i === MORE) {
        return this.overflow.get(user)!.byInstance.get(ix)?.includes(role) === true;
      }
    }
    return false;
  }

  /** Does the user hold any role directly on instance `ix`? */
  holdsAny(user: number, ix: number): boolean {
    const blocks = this.blocks;
    const end = user * BLOCK + BLOCK;
    if (end > blocks.length) return false;
    for (let at = end - BLOCK; at < end; at += 2) {
      const i = blocks[at]!;
      if (i === ix) return true;
      if (i === EMPTY) return false;
      if (i === MORE) return this.overflow.get(user)!.byInstance.has(ix);
    }
    return false;
  }

  /** Does the user hold any instance role at all? */
  holdsSome(user: number): boolean {
    const at = user * BLOCK;
    return at < this.blocks.length && this.blocks[at] !== EMPTY;
  }

  /** All of the user's (instance, role) pairs, flat, in order. */
  pairs(user: number): number[] {
    const out: number[] = [];
    const blocks = this.blocks;
    const base = user * BLOCK;
    if (base >= blocks.length) return out;
    if (blocks[base] === MORE) {
      for (const [ix, roles] of this.overflow.get(user)!.byInstance) for (const r of roles) out.push(ix, r);
      return out;
    }
    for (let at = base; at < base + BLOCK; at += 2) {
      const i = blocks[at]!;
      if (i === EMPTY) break;
      out.push(i, blocks[at + 1]!);
    }
    return out;
  }

  /** Adds a pair after the instance's others (or at the end); false when the user holds it already. */
  add(user: number, ix: number, role: number): boolean {
    const more = this.overflowOf(user);
    if (more !== undefined) {
      const roles = more.byInstance.get(ix);
      if (roles?.includes(role)) return false;
      if (roles) roles.push(role);
      else more.byInstance.set(ix, [role]);
      more.count++;
      this.count++;
      return true;
    }
    const all = this.pairs(user);
    if (!insertGrouped(all, ix, role)) return false;
    this.set(user, all);
    return true;
  }

  /** Removes a pair; false when the user did not hold it. */
  remove(user: number, ix: number, role: number): boolean {
    const more = this.overflowOf(user);
    if (more !== undefined) {
      const roles = more.byInstance.get(ix);
      const at = roles?.indexOf(role) ?? -1;
      if (roles === undefined || at === -1) return false;
      roles.splice(at, 1);
      if (roles.length === 0) more.byInstance.delete(ix);
      more.count--;
      this.count--;
      if (more.count <= PAIRS) this.set(user, this.pairs(user));
      return true;
    }
    const all = this.pairs(user);
    if (!removePair(all, ix, role)) return false;
    this.set(user, all);
    return true;
  }

  /** Removes every pair on instance `ix`; returns how many there were. */
  removeInstance(user: number, ix: number): number {
    const more = this.overflowOf(user);
    if (more !== undefined) {
      const removed = more.byInstance.get(ix)?.length ?? 0;
      if (removed === 0) return 0;
      more.byInstance.delete(ix);
      more.count -= removed;
      this.count -= removed;
      if (more.count <= PAIRS) this.set(user, this.pairs(user));
      return removed;
    }
    const all = this.pairs(user);
    const kept = withoutGroup(all, ix);
    if (kept.length !== all.length) this.set(user, kept);
    return (all.length - kept.length) / 2;
  }

  /** Rewrites the user's pairs (a cold path: a user's whole list at once). */
  set(user: number, all: readonly number[]): void {
    if (all.length === 0 && user * BLOCK >= this.blocks.length) return;
    while ((user + 1) * BLOCK > this.blocks.length) this.grow();
    const blocks = this.blocks;
    const base = user * BLOCK;
    this.count += (all.length - this.pairs(user).length) / 2;
    blocks.fill(EMPTY, base, base + BLOCK);
    if (all.length <= BLOCK) {
      blocks.set(all, base);
      this.overflow.delete(user);
      return;
    }
    const byInstance = new Map<number, number[]>();
    for (let at = 0; at < all.length; at += 2) {
      const roles = byInstance.get(all[at]!);
      if (roles) roles.push(all[at + 1]!);
      else byInstance.set(all[at]!, [all[at + 1]!]);
    }
    blocks[base] = MORE;
    this.overflow.set(user, { byInstance, count: all.length / 2 });
  }

  private overflowOf(user: number): Overflow | undefined {
    const at = user * BLOCK;
    return at < this.blocks.length && this.blocks[at] === MORE ? this.overflow.get(user) : undefined;
  }

  private grow(): void {
    const next = new Int32Array(this.blocks.length * 2).fill(EMPTY);
    next.set(this.blocks);
    this.blocks = next;
  }
}
