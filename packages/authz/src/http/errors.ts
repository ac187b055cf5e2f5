/**
 * The one place errors become responses. Permit's body is `{id, error_code, title, message}`; the
 * SDK shows `message`. Schema failures add FastAPI's `detail: [{loc, msg, type}]`. Anything that is
 * not a known client error becomes a 500 with a generic message: internals never reach a caller.
 */
import { randomUUID } from "node:crypto";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AuthzError, type AuthzErrorCode } from "../service/errors.ts";

const STATUS: Record<AuthzErrorCode, number> = {
  NOT_FOUND: 404,
  DUPLICATE_ENTITY: 409,
  INVALID_OPERATION: 400,
  VALIDATION_ERROR: 422,
  TIMEOUT: 424,
};

const TITLES: Record<number, string> = {
  400: "Invalid operation",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  408: "Request timeout",
  409: "Duplicate entity",
  413: "Request entity too large",
  414: "URI too long",
  415: "Unsupported media type",
  422: "Validation error",
  424: "Failed dependency",
  429: "Too many requests",
  431: "Request headers too large",
  500: "Unexpected error",
  503: "Service unavailable",
};

const CODES: Record<number, string> = {
  400: "INVALID_OPERATION",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  408: "REQUEST_TIMEOUT",
  409: "DUPLICATE_ENTITY",
  413: "PAYLOAD_TOO_LARGE",
  414: "URI_TOO_LONG",
  415: "UNSUPPORTED_MEDIA_TYPE",
  422: "VALIDATION_ERROR",
  424: "TIMEOUT",
  429: "TOO_MANY_REQUESTS",
  431: "HEADERS_TOO_LARGE",
  500: "UNEXPECTED_ERROR",
  503: "SERVICE_UNAVAILABLE",
};

export function errorBody(status: number, message: string, extra: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    error_code: CODES[status] ?? "ERROR",
    title: TITLES[status] ?? "Error",
    message,
    // Permit adds a `support_link` to its docs; Tollgate has no such page, so it sends none rather
    // than a link that leads nowhere (the field is optional for the SDK).
    ...extra,
  };
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** An OpenID AuthZEN route (routes/authzen.ts): errors are plain text, bad input a 400. */
    plainTextErrors?: boolean;
  }
}

export function sendError(
  reply: FastifyReply,
  status: number,
  message: string,
  extra?: Record<string, unknown>,
) {
  // AuthZEN answers every error as a status and a plain-text message, with 400 for a request it
  // refuses (spec §12.1.11), so the checks shared with Permit's routes (the API key, the body depth)
  // answer its routes in that form too.
  if (reply.request.routeOptions.config?.plainTextErrors) {
    return reply
      .code(status === 422 ? 400 : status)
      .type("text/plain; charset=utf-8")
      .send(message);
  }
  return reply
    .code(status)
    .type("application/json")
    .send(errorBody(status, message, extra));
}

interface ValidationItem {
  instancePath?: string;
  message?: string;
  keyword?: string;
}

/** FastAPI's names for where a bad value was: `["query", "per_page"]`, not Fastify's `querystring`. */
const FASTAPI_LOCATION: Record<string, string> = { querystring: "query", params: "path", headers: "header" };

function validationDetail(context: string, items: readonly ValidationItem[]) {
  return items.slice(0, 20).map((item) => ({
    loc: [FASTAPI_LOCATION[context] ?? context, ...(item.instancePath ?? "").split("/").filter(Boolean)],
    msg: item.message ?? "invalid value",
    type: item.keyword ?? "invalid",
  }));
}

/**
 * @param pageFallback serves a page for unmatched browser navigations (the console's client-side
 *   routes); returns false to fall through to the JSON 404.
 */
/** The database is down or restarting (connection lost, refused, or shutting down), not a bug. */
function isStorageUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    [
      "ECONNREFUSED",
      "ECONNRESET",
      "57P01",
      "57P02",
      "57P03",
      "55000",
      "53300",
      "08006",
      "08001",
      "08003",
    ].includes(e.code ?? "") ||
    /Connection terminated|not currently accepting connections|timeout exceeded when trying to connect/i.test(
      e.message ?? "",
    )
  );
}

export function installErrorHandling(
  app: FastifyInstance,
  pageFallback?: (request: FastifyRequest, reply: FastifyReply) => boolean,
): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AuthzError) return sendError(reply, STATUS[error.code], error.message);
    if (error.validation) {
      const context = error.validationContext ?? "body";
      const detail = validationDetail(context, error.validation as ValidationItem[]);
      const first = detail[0];
      const where = first ? first.loc.join(".") : context;
      return sendError(reply, 422, `invalid request: ${where}: ${first?.msg ?? "invalid"}`, { detail });
    }
    const status = error.statusCode ?? 500;
    if (status === 400 && (error.code === "FST_ERR_CTP_INVALID_JSON_BODY" || error instanceof SyntaxError)) {
      // FastAPI answers malformed JSON with 422 too.
      const detail = [{ loc: ["body"], msg: "the body is not valid JSON", type: "json_invalid" }];
      return sendError(reply, 422, "invalid request: the body is not valid JSON", { detail });
    }
    if (status === 400 && error.code === "FST_ERR_CTP_EMPTY_JSON_BODY") {
      const detail = [{ loc: ["body"], msg: "a JSON body is required", type: "missing" }];
      return sendError(reply, 422, "invalid request: a JSON body is required", { detail });
    }
    if (status >= 400 && status < 500) return sendError(reply, status, error.message);
    if (isStorageUnavailable(error)) {
      request.log.warn({ err: error }, "storage unavailable");
      reply.header("retry-after", "1");
      return sendError(
        reply,
        503,
        "storage is unavailable right now; the request was not applied, retry shortly",
      );
    }
    request.log.error({ err: error }, "unexpected error");
    return sendError(reply, 500, "an unexpected error occurred; the request was not applied");
  });

  app.setNotFoundHandler((request, reply) => {
    if (pageFallback?.(request, reply)) return reply;
    return sendError(reply, 404, `no route for ${request.method} ${request.url.split("?")[0]}`);
  });
}
