/**
 * String keys → small integer ids, for a million user keys looked up with fresh strings (the PDP
 * parses every request from JSON, so a key is never the stored string itself).
 *
 * A `Map` of a million strings chains about two entries per bucket, and each candidate's string
 * is another cache miss before its hash can even be compared. Here the table is one Int32Array of
 * (hash, id + 1) pairs, probed linearly at most half full: a lookup reads one or two adjacent
 * pairs, compares 32-bit hashes in place, and touches a stored key only when its hash matches.
 * The key strings live in the caller's id-indexed array, which it already keeps.
 */

/** FNV-1a over UTF-16 code units: a few cycles a character, and well spread for keys like `user-000123`. */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h | 0;
}

export class KeyIndex {
  /** (hash, id + 1) per slot; id + 1 = 0 marks a free slot. */
  private slots = new Int32Array(2 * 1024);
  private mask = 1023;
  private count = 0;

  /** `keys[id]` is the key stored under `id`. */
  constructor(private readonly keys: readonly (string | undefined)[]) {}

  get size(): number {
    return this.count;
  }

  get(key: string): number | undefined {
    const h = hashKey(key);
    const slots = this.slots;
    const mask = this.mask;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const id = slots[2 * i + 1]! - 1;
      if (id < 0) return undefined;
      if (slots[2 * i] === h && this.keys[id] === key) return id;
    }
  }

  /** Stores `key → id`; the key must not be stored yet, and `keys[id]` must already be `key`. */
  add(key: string, id: number): void {
    if (2 * (this.count + 1) > this.mask + 1) this.resize(2 * (this.mask + 1));
    this.place(hashKey(key), id);
    this.count++;
  }

  private place(h: number, id: number): void {
    const slots = this.slots;
    let i = h & this.mask;
    while (slots[2 * i + 1] !== 0) i = (i + 1) & this.mask;
    slots[2 * i] = h;
    slots[2 * i + 1] = id + 1;
  }

  /** Removes `key`; the slots after it that probed past it move back (no tombstones to skip later). */
  delete(key: string): boolean {
    const h = hashKey(key);
    const slots = this.slots;
    const mask = this.mask;
    let i = h & mask;
    for (; ; i = (i + 1) & mask) {
      const id = slots[2 * i + 1]! - 1;
      if (id < 0) return false;
      if (slots[2 * i] === h && this.keys[id] === key) break;
    }
    // Backward-shift deletion: pull later entries of the run into the hole when their home slot
    // does not lie between the hole and their current slot.
    let hole = i;
    for (let j = (i + 1) & mask; slots[2 * j + 1] !== 0; j = (j + 1) & mask) {
      const home = slots[2 * j]! & mask;
      const between = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (between) continue;
      slots[2 * hole] = slots[2 * j]!;
      slots[2 * hole + 1] = slots[2 * j + 1]!;
      hole = j;
    }
    slots[2 * hole] = 0;
    slots[2 * hole + 1] = 0;
    this.count--;
    return true;
  }

  private resize(capacity: number): void {
    const old = this.slots;
    this.slots = new Int32Array(2 * capacity);
    this.mask = capacity - 1;
    for (let i = 0; i < old.length; i += 2) if (old[i + 1] !== 0) this.place(old[i]!, old[i + 1]! - 1);
  }
}

/**
 * A string-keyed map on a `KeyIndex`, for the large maps a check looks up with request strings
 * (instances of a type by key). Only what those maps need: get, set, delete, values, size.
 */
export class KeyedMap<V> {
  private readonly keys: (string | undefined)[] = [];
  private readonly values_: (V | undefined)[] = [];
  private readonly index = new KeyIndex(this.keys);
  private readonly free: number[] = [];

  get size(): number {
    return this.index.size;
  }

  get(key: string): V | undefined {
    const id = this.index.get(key);
    return id === undefined ? undefined : this.values_[id];
  }

  set(key: string, value: V): void {
    const id = this.index.get(key);
    if (id !== undefined) {
      this.values_[id] = value;
      return;
    }
    const at = this.free.pop() ?? this.keys.length;
    this.keys[at] = key;
    this.values_[at] = value;
    this.index.add(key, at);
  }

  delete(key: string): boolean {
    const id = this.index.get(key);
    if (id === undefined) return false;
    this.index.delete(key);
    this.keys[id] = undefined;
    this.values_[id] = undefined;
    this.free.push(id);
    return true;
  }

  *values(): IterableIterator<V> {
    for (const [id, key] of this.keys.entries()) if (key !== undefined) yield this.values_[id]!;
  }
}
