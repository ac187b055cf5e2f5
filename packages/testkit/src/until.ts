/**
 * Polls `condition` until it holds, failing with `what` after `timeoutMs`: tests wait for a state,
 * never for a fixed time, so a loaded machine makes them slower, not flaky.
 */
export async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Waits until the clock is past the current whole second. Tokens carry whole-second `iat`, and apps
 * count a token from the same second as a session-ending pool event (an admin setting a password,
 * say) as ended, failing closed: a test that sets a password and then signs in waits for this first.
 */
export async function untilNextSecond(): Promise<void> {
  const second = Math.floor(Date.now() / 1000);
  await until(() => Math.floor(Date.now() / 1000) > second, "the next second");
}
