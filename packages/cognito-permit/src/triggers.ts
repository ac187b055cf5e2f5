import type { CognitoClaims } from "./claims.ts";
import type { UserSync } from "./sync.ts";

/** The parts of Cognito's trigger events these handlers read (the common envelope). */
export interface TriggerEvent {
  triggerSource: string;
  userPoolId: string;
  userName: string;
  region?: string;
  request: {
    userAttributes: Record<string, string>;
    groupConfiguration?: { groupsToOverride?: string[] };
    [key: string]: unknown;
  };
  response: Record<string, unknown>;
  [key: string]: unknown;
}

/** Claims-like view of a trigger event, so triggers and logins share one sync. */
export function claimsFromTrigger(event: TriggerEvent, groups?: readonly string[]): CognitoClaims {
  const a = event.request.userAttributes;
  const claims: CognitoClaims = {
    sub: a.sub ?? event.userName,
    token_use: "id",
    iss: `cognito:${event.userPoolId}`,
    exp: 0,
    iat: 0,
    "cognito:username": event.userName,
  };
  if (a.email) claims.email = a.email;
  if (a.name) claims.name = a.name;
  if (a.given_name) claims.given_name = a.given_name;
  if (a.family_name) claims.family_name = a.family_name;
  const g = groups ?? event.request.groupConfiguration?.groupsToOverride;
  if (g) claims["cognito:groups"] = [...g];
  return claims;
}

/**
 * Cognito trigger handlers that sync users server-side. Each returns the event unchanged, as
 * Cognito requires; usable as AWS Lambda handlers and as the local pool's module triggers. A sync
 * failure is thrown, which Cognito surfaces as `UserLambdaValidationException` (sign-in fails
 * rather than letting an unsynced user in).
 *
 * PostConfirmation events carry no groups (a new user has none), so it syncs with the default role;
 * PreTokenGeneration carries the groups that go into the token.
 *
 * @example
 * ```ts
 * export const handler = syncTriggers(sync).preTokenGeneration; // the Lambda entry point
 * ```
 */
export function syncTriggers(sync: UserSync) {
  const handle =
    (groups?: (e: TriggerEvent) => readonly string[] | undefined) => async (event: TriggerEvent) => {
      await sync.syncUser(claimsFromTrigger(event, groups?.(event)));
      return event;
    };
  return {
    postConfirmation: handle(() => []),
    postAuthentication: handle(),
    preTokenGeneration: handle(),
  };
}
