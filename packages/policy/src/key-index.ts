/**
 * String keys → small integer ids, for a million user keys looked up with fresh strings (the PDP
 * parses every request from JSON, so a key is never the stored string itself).
 *
 * Why not a `Map`: at a million keys the cost of a lookup is memory, not hashing. A `Map` chains
 * about two entries per bucket, and confirming a hit reads the stored string, which sits somewhere
 * in a heap of hundreds of megabytes: measured here, reading one stored key at random costs ~500 ns
 * (cache and TLB misses), five times a whole lookup's budget.
 *
 * So the table is one Int32Array of fixed 64-byte slots, probed linearly at most half full. A slot
 * holds the key's 32-bit hash, its id, a few bytes of the owner's own data (a user's tenant roles)
 * and, for the keys that fit (Latin-1 and short: `user-000123`, an e-mail, a Cognito `sub` of 36
 * characters), the key's bytes themselves. A hit is confirmed, and the owner's data read, from the
 * one cache line the probe already loaded. Other keys (longer, or with characters beyond Latin-1)
 * are confirmed against the caller's id-indexed array of keys, which it keeps anyway.
 */

/** A slot is one 64-byte cache line: 16 ints. */
const SLOT = 16;
const SLOT_BYTES = SLOT * 4;
/** Int offsets within a slot: the key's hash, and the id + 1 (0 marks a free slot). */
const HASH = 0;
const ID = 1;
/** Byte offset of the owner's payload in a slot: after the two ints above. */
export const PAYLOAD = 8;
/** Length byte of a key that is not inline: compare against the caller's key array. */
const NOT_INLINE = 255;

/**
 * The hash's starting value, random per process: keys chosen to collide (and so to make long probe
 * runs) cannot be prepared in advance.
 */
const SEED = crypto.getRandomValues(new Int32Array(1))[0]!;

/** FNV-1a over UTF-16 code units: a few cycles a character, and well spread for keys like `user-000123`. */
export function hashKey(key: string): number {
  let h = SEED;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h | 0;
}

/**
 * Slot layout: hash (int), id + 1 (int), the owner's payload (`payloadBytes`, its own data kept
 * beside the key so a lookup and what follows it read one cache line), the inline key's length
 * (a byte), then the key's bytes.
 */
export class KeyIndex {
  /** The slots as ints, 16-bit units and bytes: three views of one buffer, renewed on resize. */
  ints = new Int32Array(SLOT * 1024);
  u16 = new Uint16Array(this.ints.buffer);
  bytes = new Uint8Array(this.ints.buffer);
  private mask = 1023;
  private count = 0;
  /** id → int offset of its slot (slots move when others are deleted or the table grows). */
  private slotById = new Int32Array(1024);
  /** Byte offset within a slot of the key's length, and of its first byte. */
  private readonly lengthAt: number;
  private readonly keyAt: number;
  /** Bytes of key a slot holds inline. */
  readonly inline: number;

  /**
   * `keys[id]` is the key stored under `id` (read only for keys that are not inline).
   * `payloadBytes` is room in each slot for the owner's data, at byte `PAYLOAD` of the slot.
   */
  constructor(
    private readonly keys: readonly (string | undefined)[],
    payloadBytes = 0,
  ) {
    this.lengthAt = PAYLOAD + payloadBytes;
    this.keyAt = this.lengthAt + 1;
    this.inline = Math.min(SLOT_BYTES - this.keyAt, NOT_INLINE - 1);
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held by the table (it lives outside the JS heap, in ArrayBuffers). */
  get byteLength(): number {
    return this.ints.byteLength + this.slotById.byteLength;
  }

  get(key: string): number | undefined {
    const at = this.find(key);
    return at < 0 ? undefined : this.ints[at + ID]! - 1;
  }

  /** The int offset of the key's slot, or -1: the hot path of a check. */
  find(key: string): number {
    const h = hashKey(key);
    const ints = this.ints;
    const mask = this.mask;
    const length = key.length;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const at = i * SLOT;
      const idPlusOne = ints[at + ID]!;
      if (idPlusOne === 0) return -1;
      if (ints[at + HASH] !== h) continue;
      const bytes = this.bytes;
      const base = at * 4;
      const stored = bytes[base + this.lengthAt]!;
      if (stored === NOT_INLINE) {
        if (this.keys[idPlusOne - 1] === key) return at;
      } else if (stored === length) {
        // A stored inline key is all Latin-1, so a key with a wider character never matches.
        const from = base + this.keyAt;
        let c = 0;
        while (c < length && bytes[from + c] === key.charCodeAt(c)) c++;
        if (c === length) return at;
      }
    }
  }

  /** The int offset of the slot of a stored id. */
  slotOf(id: number): number {
    return this.slotById[id]!;
  }

  /** The id stored in the slot at an int offset. */
  idAt(at: number): number {
    return this.ints[at + ID]! - 1;
  }

  /**
   * Stores `key → id` and returns the slot's int offset, its payload zeroed. The key must not be
   * stored yet, and `keys[id]` must already be `key`.
   */
  add(key: string, id: number): number {
    if (2 * (this.count + 1) > this.mask + 1) this.resize(2 * (this.mask + 1));
    const h = hashKey(key);
    const at = this.freeSlotFor(h);
    this.ints[at + HASH] = h;
    this.ints[at + ID] = id + 1;
    const base = at * 4;
    if (this.fitsInline(key)) {
      this.bytes[base + this.lengthAt] = key.length;
      for (let c = 0; c < key.length; c++) this.bytes[base + this.keyAt + c] = key.charCodeAt(c);
    } else {
      this.bytes[base + this.lengthAt] = NOT_INLINE;
    }
    this.place(id, at);
    this.count++;
    return at;
  }

  /** True when the key can be stored inline: short enough and every code unit one byte. */
  private fitsInline(key: string): boolean {
    if (key.length > this.inline) return false;
    for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) > 0xff) return false;
    return true;
  }

  private freeSlotFor(h: number): number {
    const ints = this.ints;
    let i = h & this.mask;
    while (ints[i * SLOT + ID] !== 0) i = (i + 1) & this.mask;
    return i * SLOT;
  }

  private place(id: number, at: number): void {
    if (id >= this.slotById.length) {
      const grown = new Int32Array(Math.max(2 * this.slotById.length, id + 1));
      grown.set(this.slotById);
      this.slotById = grown;
    }
    this.slotById[id] = at;
  }

  /** Removes `key`; the slots after it that probed past it move back (no tombstones to skip later). */
  delete(key: string): boolean {
    const found = this.find(key);
    if (found < 0) return false;
    const ints = this.ints;
    const mask = this.mask;
    // Backward-shift deletion: pull later entries of the run into the hole when their home slot
    // does not lie between the hole and their current slot.
    let hole = found / SLOT;
    for (let j = (hole + 1) & mask; ints[j * SLOT + ID] !== 0; j = (j + 1) & mask) {
      const home = ints[j * SLOT + HASH]! & mask;
      const between = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (between) continue;
      ints.copyWithin(hole * SLOT, j * SLOT, j * SLOT + SLOT);
      this.slotById[ints[hole * SLOT + ID]! - 1] = hole * SLOT;
      hole = j;
    }
    ints.fill(0, hole * SLOT, hole * SLOT + SLOT);
    this.count--;
    return true;
  }

  private resize(capacity: number): void {
    const old = this.ints;
    this.ints = new Int32Array(SLOT * capacity);
    this.u16 = new Uint16Array(this.ints.buffer);
    this.bytes = new Uint8Array(this.ints.buffer);
    this.mask = capacity - 1;
    for (let from = 0; from < old.length; from += SLOT) {
      const idPlusOne = old[from + ID]!;
      if (idPlusOne === 0) continue;
      const at = this.freeSlotFor(old[from + HASH]!);
      this.ints.set(old.subarray(from, from + SLOT), at);
      this.slotById[idPlusOne - 1] = at;
    }
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
