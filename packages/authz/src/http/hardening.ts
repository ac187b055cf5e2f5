/**
 * Defences against hostile input that schemas alone do not cover, each one found by the fuzz test
 * (test/fuzz.test.ts): bodies nested deep enough to overflow `JSON.stringify` when stored,
 * querystring integers that TypeBox's conversion would silently truncate, and router- and
 * socket-level errors that Fastify answers in its own body shape rather than Permit's.
 */
import type { Socket } from "node:net";
import { TypeBoxValidatorCompiler } from "@fastify/type-provider-typebox";
import type { FastifyError, FastifyReply, FastifyRequest, FastifySchemaCompiler } from "fastify";
import type { TSchema } from "typebox";
import { errorBody, sendError } from "./errors.ts";

/** Deepest nesting a request body may have; free-form attributes never come near it. */
export const MAX_BODY_DEPTH = 64;

/** Whether `value` nests objects/arrays more than `max` levels deep (iterative: no stack to overflow). */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (depth > max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** preValidation hook: 422 for bodies nested deeper than MAX_BODY_DEPTH. */
export async function rejectDeepBodies(request: FastifyRequest, reply: FastifyReply) {
  if (request.body === undefined || !nestedDeeperThan(request.body, MAX_BODY_DEPTH)) return;
  const msg = `the body is nested more than ${MAX_BODY_DEPTH} levels deep`;
  return sendError(reply, 422, `invalid request: ${msg}`, {
    detail: [{ loc: ["body"], msg, type: "too_deep" }],
  });
}

const INTEGER = /^-?\d+$/;

/**
 * TypeBox's validator, except that integers in the querystring and path must be written as
 * integers: its conversion would read `1.5` as 1, an empty value as 0, `true` as 1, `0x10` as 16.
 */
export const strictValidatorCompiler: FastifySchemaCompiler<TSchema> = (route) => {
  const validate = TypeBoxValidatorCompiler(route);
  if (route.httpPart === "body") return validate;
  const properties = (route.schema as { properties?: Record<string, { type?: unknown }> }).properties ?? {};
  const integers = Object.keys(properties).filter((name) => properties[name]?.type === "integer");
  if (integers.length === 0) return validate;
  return (value) => {
    for (const name of integers) {
      const raw = (value as Record<string, unknown> | undefined)?.[name];
      if (typeof raw === "string" && !INTEGER.test(raw)) {
        const error = {
          keyword: "type",
          instancePath: `/${name}`,
          schemaPath: `#/properties/${name}/type`,
          params: { type: "integer" },
          message: "must be integer",
        };
        return { error: [error] };
      }
    }
    return validate(value);
  };
};

/** Router errors (a malformed percent-encoding, a path segment over the length limit), in Permit's shape. */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  sendError(reply, error.statusCode ?? 400, error.message);
}

/**
 * Requests Node's HTTP parser rejects (control characters in headers, oversized headers, bad
 * framing) never reach Fastify; answer them in Permit's shape too, then close the connection.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket) {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const [status, text, message] =
    error.code === "HPE_HEADER_OVERFLOW"
      ? [431, "Request Header Fields Too Large", "the request headers are too large"]
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "Request Timeout", "the request took too long to arrive"]
        : [400, "Bad Request", "the request is not valid HTTP"];
  const body = JSON.stringify(errorBody(status, message));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
