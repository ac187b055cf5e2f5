/**
 * Keys (tenants, roles) as small integers, so a check compares ints and indexes arrays instead of
 * hashing and comparing strings. An id is never reused for another key: a role deleted and created
 * again gets its old id back, and anything cached per id stays right.
 */
export class Interner {
  private readonly ids = new Map<string, number>();
  /** id → key. */
  readonly keys: string[] = [];

  get size(): number {
    return this.keys.length;
  }

  idOf(key: string): number | undefined {
    return this.ids.get(key);
  }

  /** The id of `key`, given one if it has none yet. */
  intern(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.keys.push(key);
      this.ids.set(key, id);
    }
    return id;
  }

  keyOf(id: number): string {
    return this.keys[id]!;
  }
}
