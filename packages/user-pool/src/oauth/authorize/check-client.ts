import type { PoolContext } from "../../domain/context.ts";
import { ErrorPage } from "../errors.ts";
import type { AuthorizationRequest } from "./request.ts";

/** The client must exist and be enabled for the hosted UI; otherwise there is nowhere safe to send errors. */
export async function checkClient(ctx: PoolContext, req: AuthorizationRequest): Promise<void> {
  const clientId = req.params["client_id"];
  if (!clientId) throw new ErrorPage("invalid_request", undefined);
  const client = await ctx.stores.clients.get(clientId);
  const pool = client && (await ctx.stores.pools.get(client.poolId));
  if (client === undefined || pool === undefined) throw new ErrorPage("invalid_client", undefined);
  if (!client.settings.AllowedOAuthFlowsUserPoolClient) throw new ErrorPage("unauthorized_client", clientId);
  req.client = client;
  req.pool = pool;
}
