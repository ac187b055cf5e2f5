/**
 * Users' resource roles assigned directly on instances, laid out for the ReBAC walk.
 *
 * A derivation walk asks "does this user hold role R on instance I?" at every hop. With a map of
 * instances to sets per user that is three or four objects scattered over the heap, each a cache
 * and TLB miss at a million instances. Here a user's (instance index, role id) pairs sit in a fixed
 * block of one shared Int32Array (32 bytes): the first question reads the block and the others of
 * the same check find it in cache. The few users with more pairs than a block holds keep the rest
 * in an overflow list, marked in the block's last pair.
 *
 * Pairs of one instance stay together, instances in the order the user first got a role on them
 * and roles in the order assigned: the order a map of sets had, so listings read the same.
 */

/** Pairs per user block: 4 × (instance, role) = 8 ints = 32 bytes. */
const PAIRS = 4;
const BLOCK = PAIRS * 2;
/** Instance slot of an unused pair: every pair after it is unused too. */
const EMPTY = -1;
/** Instance slot of the block's last pair when the user's pairs go on in `overflow`. */
const MORE = -2;

export class DirectRoles {
  private blocks = new Int32Array(BLOCK * 1024).fill(EMPTY);
  /** user → pairs beyond the block's first `PAIRS - 1`, for users with more. */
  private readonly overflow = new Map<number, number[]>();
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
        const more = this.overflow.get(user)!;
        for (let m = 0; m < more.length; m += 2) if (more[m] === ix && more[m + 1] === role) return true;
        return false;
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
      if (i === MORE) {
        const more = this.overflow.get(user)!;
        for (let m = 0; m < more.length; m += 2) if (more[m] === ix) return true;
        return false;
      }
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
    for (let at = base; at < base + BLOCK; at += 2) {
      const i = blocks[at]!;
      if (i === EMPTY) break;
      if (i === MORE) {
        out.push(...this.overflow.get(user)!);
        break;
      }
      out.push(i, blocks[at + 1]!);
    }
    return out;
  }

  /** Adds a pair after the instance's others (or at the end); false when the user holds it already. */
  add(user: number, ix: number, role: number): boolean {
    const all = this.pairs(user);
    let insertAt = all.length;
    for (let at = 0; at < all.length; at += 2) {
      if (all[at] !== ix) continue;
      if (all[at + 1] === role) return false;
      insertAt = at + 2;
    }
    all.splice(insertAt, 0, ix, role);
    this.set(user, all);
    return true;
  }

  /** Removes a pair; false when the user did not hold it. */
  remove(user: number, ix: number, role: number): boolean {
    const all = this.pairs(user);
    for (let at = 0; at < all.length; at += 2) {
      if (all[at] === ix && all[at + 1] === role) {
        all.splice(at, 2);
        this.set(user, all);
        return true;
      }
    }
    return false;
  }

  /** Removes every pair on instance `ix`; returns how many there were. */
  removeInstance(user: number, ix: number): number {
    const all = this.pairs(user);
    const kept = all.filter((_, i) => all[i - (i & 1)] !== ix);
    if (kept.length !== all.length) this.set(user, kept);
    return (all.length - kept.length) / 2;
  }

  /** Rewrites the user's pairs (a cold path: assignments are rare next to checks). */
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
    const inline = BLOCK - 2;
    blocks.set(all.slice(0, inline), base);
    blocks[base + inline] = MORE;
    this.overflow.set(user, all.slice(inline));
  }

  private grow(): void {
    const next = new Int32Array(this.blocks.length * 2).fill(EMPTY);
    next.set(this.blocks);
    this.blocks = next;
  }
}
