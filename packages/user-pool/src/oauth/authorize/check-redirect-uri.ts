import type { PoolContext } from "../../domain/context.ts";
import { ErrorPage } from "../errors.ts";
import type { AuthorizationRequest } from "./request.ts";

/**
 * `redirect_uri` must equal one of the client's CallbackURLs character for character: no prefix or
 * pattern matching, so no open redirect. A mismatch shows the error page, never a redirect.
 */
export function checkRedirectUri(_ctx: PoolContext, req: AuthorizationRequest): void {
  const redirectUri = req.params["redirect_uri"];
  const callbacks = req.client?.settings.CallbackURLs ?? [];
  if (!redirectUri || !callbacks.includes(redirectUri))
    throw new ErrorPage("redirect_mismatch", req.client?.id);
  req.redirectUri = redirectUri;
  req.state = req.params["state"];
}
