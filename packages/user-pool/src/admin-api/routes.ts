import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { PoolContext } from "../domain/context.ts";
import { CognitoError } from "../domain/errors.ts";
import type { Input } from "../domain/input.ts";
import { requiresIamCredentials } from "../iam/operation-classes.ts";
import type { SigV4Verifier } from "../iam/sigv4.ts";
import { rateLimited } from "../rate-limits.ts";
import { authOperations } from "./auth-operations.ts";
import { toAwsError } from "./errors.ts";
import { groupOperations } from "./group-operations.ts";
import type { OperationTable } from "./operation.ts";
import { poolOperations } from "./pool-operations.ts";
import { userOperations } from "./user-operations.ts";

const TARGET_PREFIX = "AWSCognitoIdentityProviderService.";
const CONTENT_TYPE = "application/x-amz-json-1.1";

/** Every operation the JSON 1.1 endpoint answers, by name. */
export const operations: OperationTable = {
  ...poolOperations,
  ...userOperations,
  ...groupOperations,
  ...authOperations,
};

/** A Buffer body, so Fastify does not append `; charset=utf-8` to AWS's exact content type. */
function send(reply: FastifyReply, status: number, body: unknown, requestId: string): FastifyReply {
  return reply
    .code(status)
    .header("content-type", CONTENT_TYPE)
    .header("x-amzn-requestid", requestId)
    .send(Buffer.from(JSON.stringify(body)));
}

const SIGN_IN = new Set([
  "InitiateAuth",
  "AdminInitiateAuth",
  "RespondToAuthChallenge",
  "AdminRespondToAuthChallenge",
]);

function usernameIn(input: Input, member: string): string {
  const params = input[member];
  if (params === null || typeof params !== "object") return "";
  const username = (params as Record<string, unknown>)["USERNAME"];
  return typeof username === "string" ? username : "";
}

/** Sign-in is budgeted per IP and username, sign-up per IP, the IAM operations per IP. */
function rateLimitFor(request: FastifyRequest, name: string, input: Input): Promise<number | undefined> {
  if (SIGN_IN.has(name))
    return rateLimited(
      request,
      "signIn",
      usernameIn(input, name.endsWith("InitiateAuth") ? "AuthParameters" : "ChallengeResponses"),
    );
  if (name === "SignUp") return rateLimited(request, "signUp");
  if (requiresIamCredentials(name)) return rateLimited(request, "admin");
  return Promise.resolve(undefined);
}

function rawBody(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  return Buffer.from(typeof body === "string" ? body : "");
}

/**
 * `POST /` with `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`: the wire protocol of the
 * AWS SDK. Operations AWS reserves for IAM callers need a SigV4 signature ({@link SigV4Verifier} decides
 * how strictly); the public ones stay open to browsers. Errors are `{__type, message}` plus the
 * `x-amzn-ErrorType` header AWS sends.
 */
export function registerAdminApi(app: FastifyInstance, ctx: PoolContext, sigv4: SigV4Verifier): void {
  // Keep the raw bytes: the signature covers them, and malformed JSON must become SerializationException
  // rather than Fastify's own 400.
  app.addContentTypeParser(
    ["application/x-amz-json-1.1", "application/x-amz-json-1.0"],
    { parseAs: "buffer", bodyLimit: 1024 * 1024 },
    (_req, body, done) => done(null, body),
  );

  app.post("/", async (request, reply) => {
    const requestId = randomUUID();
    try {
      const target = String(request.headers["x-amz-target"] ?? "");
      const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : "";
      const body = rawBody(request.body);
      // Authentication comes before anything else, so an unsigned caller learns nothing (not even which
      // operations exist).
      if (requiresIamCredentials(name))
        await sigv4.check({ method: request.method, url: request.url, headers: request.headers, body });
      const operation = Object.hasOwn(operations, name) ? operations[name] : undefined;
      if (operation === undefined)
        throw new CognitoError("UnknownOperationException", `Unknown operation ${target}`);
      let input: unknown;
      try {
        const text = body.toString("utf8");
        input = text === "" ? {} : JSON.parse(text);
      } catch {
        throw new CognitoError("SerializationException", "Malformed request body");
      }
      if (input === null || typeof input !== "object" || Array.isArray(input))
        throw new CognitoError("SerializationException", "Request body must be a JSON object");
      const retryAfter = await rateLimitFor(request, name, input as Input);
      if (retryAfter !== undefined) {
        reply.header("retry-after", String(retryAfter));
        throw new CognitoError("TooManyRequestsException", "Too many requests; please try again later.");
      }
      return send(reply, 200, await operation(ctx, input as Input), requestId);
    } catch (err) {
      const wire = toAwsError(err, ctx.log);
      reply.header("x-amzn-errortype", `${wire.type}:`).header("x-amzn-errormessage", wire.message);
      return send(reply, wire.status, { __type: wire.type, message: wire.message }, requestId);
    }
  });
}
