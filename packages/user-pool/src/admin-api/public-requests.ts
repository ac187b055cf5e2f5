import { authenticateAccessToken } from "../domain/access-tokens.ts";
import type { PoolContext } from "../domain/context.ts";
import { fail } from "../domain/errors.ts";
import { constantTimeEqual } from "../domain/ids.ts";
import { type Input, optionalString, requiredString } from "../domain/input.ts";
import type { ClientRecord, PoolRecord, UserRecord } from "../domain/model.ts";
import { checkSecretHash } from "../domain/secret-hash.ts";
import { findUser } from "../domain/users.ts";

// Who an unsigned request speaks for: an app client (by ClientId, perhaps with its secret), a user it
// names, or the holder of an access token. The signed Admin* operations use ./requested.ts instead.

/** The client named by `ClientId`, and its pool. */
export async function requestedClient(
  ctx: PoolContext,
  input: Input,
): Promise<{ pool: PoolRecord; client: ClientRecord }> {
  const clientId = requiredString(input, "ClientId");
  const client = await ctx.stores.clients.get(clientId);
  const pool = client && (await ctx.stores.pools.get(client.poolId));
  if (client === undefined || pool === undefined)
    fail("ResourceNotFoundException", `User pool client ${clientId} does not exist.`);
  return { pool, client };
}

/**
 * The sign-in operations' client; the Admin* variants also name the pool, and a client of another
 * pool is answered as if it did not exist.
 */
export async function signInClient(
  ctx: PoolContext,
  input: Input,
  admin: boolean,
): Promise<{ pool: PoolRecord; client: ClientRecord }> {
  const { pool, client } = await requestedClient(ctx, input);
  if (admin && pool.id !== requiredString(input, "UserPoolId"))
    fail("ResourceNotFoundException", `User pool client ${client.id} does not exist.`);
  return { pool, client };
}

/**
 * The user a public request names (if any), after checking its SECRET_HASH: a client with a secret
 * may compute the hash over the name it was given or over the user's real username (an e-mail alias
 * signs in as the UUID username), so both are accepted.
 */
export async function userCheckedBySecretHash(
  ctx: PoolContext,
  pool: PoolRecord,
  client: ClientRecord,
  username: string,
  secretHash: string | undefined,
): Promise<UserRecord | undefined> {
  const known = await findUser(ctx, pool, username);
  checkSecretHash(client, secretHash, [username, ...(known ? [known.username] : [])]);
  return known;
}

/**
 * The account operations before sign-in (ConfirmSignUp, ForgotPassword, ...): a client, the
 * `Username` it names and its `SecretHash`. `known` is undefined for a stranger, which the caller may
 * have to hide.
 */
export async function accountRequest(
  ctx: PoolContext,
  input: Input,
): Promise<{ pool: PoolRecord; client: ClientRecord; username: string; known: UserRecord | undefined }> {
  const { pool, client } = await requestedClient(ctx, input);
  const username = requiredString(input, "Username");
  const known = await userCheckedBySecretHash(
    ctx,
    pool,
    client,
    username,
    optionalString(input, "SecretHash"),
  );
  return { pool, client, username, known };
}

/** Access tokens for Cognito's own user APIs must carry aws.cognito.signin.user.admin. */
export async function userFromAccessToken(ctx: PoolContext, input: Input) {
  const auth = await authenticateAccessToken(ctx, requiredString(input, "AccessToken"));
  if (!(auth.claims.scope ?? "").split(" ").includes("aws.cognito.signin.user.admin"))
    fail("NotAuthorizedException", "Access Token does not have required scopes");
  return auth;
}

/**
 * The token endpoints of the native API (GetTokensFromRefreshToken, RevokeToken) take the client
 * secret itself, not a SECRET_HASH; a client without a secret passes.
 */
export function clientSecretMatches(client: ClientRecord, input: Input): boolean {
  return (
    client.secret === null || constantTimeEqual(optionalString(input, "ClientSecret") ?? "", client.secret)
  );
}

/**
 * Reads AuthParameters members, all of them first (a value of the wrong type is reported before a
 * missing one), then fails on the first one absent or empty, in Cognito's words.
 */
export function requiredAuthParameters<Name extends string>(
  params: Input,
  names: readonly Name[],
): Record<Name, string> {
  const values = names.map((name) => [name, optionalString(params, name)] as const);
  for (const [name, value] of values)
    if (!value) fail("InvalidParameterException", `Missing required parameter ${name}`);
  return Object.fromEntries(values) as Record<Name, string>;
}
