import type { IResource, Permit } from "permitio";

/** How long a guard waits for the PDP's answer before it fails closed with a 503. */
export const DEFAULT_DECISION_TIMEOUT_MS = 2000;

/** A PDP's answer read strictly: only a boolean `true` allows; an answer that is no boolean is unusable. */
export type Decision = "allow" | "deny" | "unavailable";

/**
 * Asks the PDP (through the permitio SDK) and reads its answer strictly. The SDK returns whatever the
 * PDP put in `allow` (`"false"` is truthy!), so anything but a boolean is `unavailable`; a transport
 * error, a non-2xx status or a body that is not JSON is `unavailable` too. A PDP that accepts the
 * connection and never answers (or trickles bytes) hits `timeoutMs`: the SDK's own timeout covers an
 * idle socket, the race covers the rest.
 */
export async function decide(
  permit: Permit,
  user: string,
  action: string,
  resource: string | IResource,
  timeoutMs: number = DEFAULT_DECISION_TIMEOUT_MS,
): Promise<Decision> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  try {
    const answer: unknown = await Promise.race([
      permit.check(user, action, resource, {}, { throwOnError: true, timeout: timeoutMs }),
      deadline,
    ]);
    if (answer === true) return "allow";
    if (answer === false) return "deny";
    return "unavailable";
  } catch {
    return "unavailable";
  } finally {
    clearTimeout(timer);
  }
}
