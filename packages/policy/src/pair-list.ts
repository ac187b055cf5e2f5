/**
 * Flat lists of (group, member) pairs, kept grouped: a user's (tenant, role) pairs, a user's
 * (instance, role) pairs. Groups stay in the order they first appeared and members in the order
 * added, the order a map of sets would list them in. These edit a copy the caller then stores.
 */

/** Inserts the pair after its group's others (or at the end); false when it is there already. */
export function insertGrouped(pairs: number[], group: number, member: number): boolean {
  let insertAt = pairs.length;
  for (let at = 0; at < pairs.length; at += 2) {
    if (pairs[at] !== group) continue;
    if (pairs[at + 1] === member) return false;
    insertAt = at + 2;
  }
  pairs.splice(insertAt, 0, group, member);
  return true;
}

/** Removes the pair; false when it was not there. */
export function removePair(pairs: number[], group: number, member: number): boolean {
  for (let at = 0; at < pairs.length; at += 2) {
    if (pairs[at] === group && pairs[at + 1] === member) {
      pairs.splice(at, 2);
      return true;
    }
  }
  return false;
}

/** The pairs without the group's. */
export function withoutGroup(pairs: readonly number[], group: number): number[] {
  return pairs.filter((_, i) => pairs[i - (i & 1)] !== group);
}
