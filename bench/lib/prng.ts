/**
 * A small seeded generator (xorshift32), so every run builds the same users, tenants and checks and
 * results stay comparable between runs and between Tollgate and Cerbos.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    // xorshift never leaves zero, so a zero seed is nudged.
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** A uniform float in [0, 1). */
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    this.state = x;
    return x / 0x1_0000_0000;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}
