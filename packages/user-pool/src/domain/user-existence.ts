import { maskDestination } from "./attributes.ts";
import type { ClientRecord, PoolRecord } from "./model.ts";

/** True when the client hides whether an account exists (`PreventUserExistenceErrors: ENABLED`). */
export function hidesUserExistence(client: ClientRecord): boolean {
  return client.settings.PreventUserExistenceErrors === "ENABLED";
}

/**
 * The `CodeDeliveryDetails` answered for an account that does not exist (or cannot receive a code) when
 * the client hides user existence: the medium follows the username's format and the pool's verified
 * attributes, as AWS does, so the answer looks like a real delivery.
 */
export function simulatedCodeDelivery(
  pool: PoolRecord,
  username: string,
): { Destination: string; DeliveryMedium: string; AttributeName: string } {
  if (username.includes("@"))
    return { Destination: maskDestination(username), DeliveryMedium: "EMAIL", AttributeName: "email" };
  if (/^\+\d{6,}$/.test(username))
    return { Destination: maskDestination(username), DeliveryMedium: "SMS", AttributeName: "phone_number" };
  const sms =
    (pool.settings.AutoVerifiedAttributes ?? []).includes("phone_number") &&
    !(pool.settings.AutoVerifiedAttributes ?? []).includes("email");
  return sms
    ? { Destination: "+*******0000", DeliveryMedium: "SMS", AttributeName: "phone_number" }
    : { Destination: `${username[0] ?? "u"}***@e***`, DeliveryMedium: "EMAIL", AttributeName: "email" };
}
