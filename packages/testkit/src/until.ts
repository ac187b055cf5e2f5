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
