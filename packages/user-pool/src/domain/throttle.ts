/**
 * Temporary lockout after repeated failed sign-ins, shaped like Cognito's: five failures are free, then
 * each further failure locks the account for 1 s, doubling up to 15 minutes. While locked, the password
 * is not even checked, so guessing stops being possible rather than merely slow.
 *
 * State is in memory: a restart forgets it, which is acceptable for a local emulator and keeps
 * the sign-in path free of extra writes.
 */
export class SignInThrottle {
  readonly #entries = new Map<string, { failures: number; lockedUntil: number }>();
  readonly #freeFailures: number;
  readonly #maxLockMs: number;

  constructor(options: { freeFailures?: number; maxLockMs?: number } = {}) {
    this.#freeFailures = options.freeFailures ?? 5;
    this.#maxLockMs = options.maxLockMs ?? 15 * 60_000;
  }

  /** True while the key is locked out. */
  isLocked(key: string, now: number): boolean {
    const entry = this.#entries.get(key);
    return entry !== undefined && entry.lockedUntil > now;
  }

  /** Records a failure and (past the free ones) extends the lock. */
  recordFailure(key: string, now: number): void {
    const entry = this.#entries.get(key) ?? { failures: 0, lockedUntil: 0 };
    entry.failures += 1;
    const over = entry.failures - this.#freeFailures;
    if (over >= 0) entry.lockedUntil = now + Math.min(this.#maxLockMs, 1000 * 2 ** over);
    this.#entries.set(key, entry);
  }

  /** A successful sign-in clears the history. */
  recordSuccess(key: string): void {
    this.#entries.delete(key);
  }
}
