import type { PoolContext } from "../../domain/context.ts";
import { ErrorPage, OAuthError } from "../errors.ts";
import { checkClient } from "./check-client.ts";
import { checkPkce } from "./check-pkce.ts";
import { checkRedirectUri } from "./check-redirect-uri.ts";
import { checkResponseType } from "./check-response-type.ts";
import { checkScope } from "./check-scope.ts";
import type { AuthorizationRequest, ValidAuthorizationRequest } from "./request.ts";

type Step = (ctx: PoolContext, req: AuthorizationRequest) => void | Promise<void>;

/**
 * The checks of an authorization request, in order. The first two decide whether the client can be
 * trusted with a redirect (failures are ErrorPage); the rest fail with OAuthError, which is redirected
 * back to the client with `error` and `state`.
 */
export const AUTHORIZE_STEPS: Step[] = [
  checkClient,
  checkRedirectUri,
  checkResponseType,
  checkScope,
  checkPkce,
];

/** Runs every step; used by /oauth2/authorize and again by each hosted page that continues the request. */
export async function validateAuthorizationRequest(
  ctx: PoolContext,
  params: Record<string, string>,
  repeated: string[],
): Promise<ValidAuthorizationRequest> {
  const req: AuthorizationRequest = { params };
  if (repeated.includes("client_id") || repeated.includes("redirect_uri"))
    throw new ErrorPage("invalid_request", params["client_id"]);
  for (const step of AUTHORIZE_STEPS) {
    await step(ctx, req);
    if (req.redirectUri !== undefined && repeated.length > 0)
      throw new OAuthError("invalid_request", `Repeated parameter: ${repeated[0]}`);
  }
  return req as ValidAuthorizationRequest;
}
