import type { PoolContext } from "../../domain/context.ts";
import { OAuthError } from "../errors.ts";
import type { AuthorizationRequest } from "./request.ts";

/** `code` needs the client's `code` flow, `token` its `implicit` flow. Only Cognito's own sign-in is offered. */
export function checkResponseType(_ctx: PoolContext, req: AuthorizationRequest): void {
  const responseType = req.params["response_type"];
  if (!responseType) throw new OAuthError("invalid_request", "response_type is required");
  if (responseType !== "code" && responseType !== "token") throw new OAuthError("unsupported_response_type");
  const flow = responseType === "code" ? "code" : "implicit";
  if (!req.client?.settings.AllowedOAuthFlows?.includes(flow)) throw new OAuthError("unauthorized_client");
  const idp = req.params["identity_provider"];
  if (idp !== undefined && idp !== "COGNITO")
    throw new OAuthError(
      "invalid_request",
      "Federated identity providers are not available in the Tollgate user pool",
    );
  req.responseType = responseType;
  req.nonce = req.params["nonce"] ?? null;
}
