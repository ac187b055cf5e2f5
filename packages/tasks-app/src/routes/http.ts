import { bearerOf, type CognitoClaims } from "@tollgate/cognito-permit";
import type { ApiErrorBody, TasksApiErrorCode } from "@tollgate/contracts";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { AppContext } from "./context.ts";

/**
 * The app's error body: a stable code the UI can switch on (one of the closed set in
 * @tollgate/contracts), and a sentence for people.
 */
export function sendError(reply: FastifyReply, status: number, error: TasksApiErrorCode, message: string) {
  const body: ApiErrorBody = { error, message };
  return reply.code(status).send(body);
}

/** Verifies the bearer token without asking Permit (for routes every signed-in user may use). */
export async function authenticate(ctx: AppContext, request: FastifyRequest, reply: FastifyReply) {
  const token = bearerOf(request.headers.authorization);
  if (token) {
    let claims: CognitoClaims | undefined;
    try {
      claims = await ctx.verifier.verify(token);
    } catch {
      // fall through to 401
    }
    if (claims) {
      const session = await ctx.sessions.check(token, claims);
      if (session === "active") return claims;
      if (session === "unavailable") {
        sendError(reply, 503, "authorization_unavailable", "the user pool could not confirm the session");
        return undefined;
      }
      sendError(reply, 401, "session_ended", "this session has ended; sign in again");
      return undefined;
    }
  }
  sendError(reply, 401, "unauthorized", "sign in again: the token is missing, invalid or expired");
  return undefined;
}

/** The Cognito username for admin API calls: access tokens carry `username`, ID tokens `cognito:username`. */
export function usernameOf(claims: CognitoClaims): string {
  return claims.username ?? claims["cognito:username"] ?? claims.sub;
}

/** AWS SDK errors → the app's statuses; anything unexpected is a 502 (the user pool failed us). */
export function sendCognitoError(reply: FastifyReply, err: unknown) {
  const name = (err as { name?: string }).name ?? "Error";
  const message = (err as Error).message ?? "the user pool failed";
  switch (name) {
    case "UsernameExistsException":
      return sendError(reply, 409, "user_exists", "a user with that email already exists");
    case "UserNotFoundException":
      return sendError(reply, 404, "user_not_found", "no such user");
    case "InvalidParameterException":
    case "InvalidPasswordException":
      return sendError(reply, 400, "invalid_user", message);
    default:
      reply.log.error({ err }, "user pool call failed");
      return sendError(
        reply,
        502,
        "user_pool_unavailable",
        "the user pool could not complete the request; nothing was changed",
      );
  }
}

/** Runs the Permit side of a route; an authorization service that fails answers 503, changing nothing further. */
export async function viaPermit<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T | FastifyReply> {
  try {
    return await work();
  } catch (err) {
    reply.log.error({ err }, "authorization service call failed");
    return sendError(
      reply,
      503,
      "authorization_unavailable",
      "the authorization service could not complete the request",
    );
  }
}
