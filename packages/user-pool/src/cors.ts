import type { FastifyInstance, FastifyRequest } from "fastify";

/**
 * CORS as Cognito does it: `*` on the endpoints browsers call cross-origin (token, userInfo, revoke,
 * discovery, JWKS, and the JSON API for the browser SDKs). The hosted pages get none.
 *
 * The JSON API (`POST /`) never lets a browser send `authorization` (nor a session token): the
 * IAM-protected operations are reachable only with a SigV4 `Authorization` header, so refusing that
 * header in the preflight is what keeps any web page from calling them with a visitor's browser.
 * Browser SDKs only need the public operations, which carry no such header.
 * [uncertain] AWS's exact allowed/exposed header lists.
 */
const CORS_PATHS = [
  /^\/$/,
  /^\/oauth2\/(token|userInfo|revoke)$/,
  /^\/[^/]+\/\.well-known\/(openid-configuration|jwks\.json)$/,
];

/** What the browser SDKs send (Amplify v6, amazon-cognito-identity-js), used when a preflight names none. */
const JSON_API_HEADERS = [
  "content-type",
  "x-amz-target",
  "x-amz-user-agent",
  "amz-sdk-invocation-id",
  "amz-sdk-request",
  "cache-control",
];

/** Headers a browser must never send to the JSON API. */
const NEVER_FROM_BROWSERS = new Set(["authorization", "x-amz-security-token"]);

/**
 * OAuth endpoints take a bearer token (userInfo) or client credentials (token, revoke) in
 * `authorization`; neither is ambient (a page must already hold it), so browsers may send it there.
 */
const OAUTH_HEADERS = ["authorization", "content-type", "cache-control"];

const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;

function pathOf(url: string): string {
  return url.split("?")[0] ?? "";
}

function corsPath(url: string): boolean {
  const path = pathOf(url);
  return CORS_PATHS.some((re) => re.test(path));
}

/**
 * Preflights echo the requested headers (custom headers from `libraryOptions.Auth.headers()` keep
 * working), except that the JSON API drops the forbidden ones.
 */
function allowedHeaders(request: FastifyRequest, jsonApi: boolean): string {
  const requested = String(request.headers["access-control-request-headers"] ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== "");
  const names = requested.length > 0 ? requested : jsonApi ? JSON_API_HEADERS : OAUTH_HEADERS;
  return names.filter((h) => HEADER_NAME.test(h) && !(jsonApi && NEVER_FROM_BROWSERS.has(h))).join(",");
}

export function registerCors(app: FastifyInstance): void {
  app.addHook("onRequest", async (request, reply) => {
    if (!corsPath(request.url)) return;
    reply.header("access-control-allow-origin", "*");
    reply.header(
      "access-control-expose-headers",
      "x-amzn-requestid,x-amzn-errortype,x-amzn-errormessage,www-authenticate,date",
    );
  });

  app.options("/*", async (request, reply) => {
    if (!corsPath(request.url)) return reply.code(404).send();
    const jsonApi = pathOf(request.url) === "/";
    return reply
      .code(204)
      .header("access-control-allow-methods", jsonApi ? "POST,OPTIONS" : "GET,POST,OPTIONS")
      .header("access-control-allow-headers", allowedHeaders(request, jsonApi))
      .header("access-control-max-age", "600")
      .header("vary", "access-control-request-headers")
      .send();
  });
}
