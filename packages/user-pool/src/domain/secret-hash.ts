import { createHmac } from "node:crypto";
import { fail } from "./errors.ts";
import { constantTimeEqual } from "./ids.ts";
import type { ClientRecord } from "./model.ts";

/** Base64(HMAC-SHA256(key = client secret, message = username + client id)), as Cognito defines SECRET_HASH. */
export function secretHash(clientSecret: string, username: string, clientId: string): string {
  return createHmac("sha256", clientSecret)
    .update(username + clientId)
    .digest("base64");
}

/**
 * For clients with a secret, the native API requires SECRET_HASH computed over one of the names the
 * user is known by (what they typed, or the stored username). Clients without a secret need nothing.
 */
export function checkSecretHash(client: ClientRecord, given: string | undefined, usernames: string[]): void {
  if (client.secret === null) return;
  if (given === undefined || given === "")
    fail(
      "NotAuthorizedException",
      `Client ${client.id} is configured for secret but secret was not received`,
    );
  const secret = client.secret;
  if (!usernames.some((name) => constantTimeEqual(secretHash(secret, name, client.id), given)))
    fail("NotAuthorizedException", `Unable to verify secret hash for client ${client.id}`);
}
