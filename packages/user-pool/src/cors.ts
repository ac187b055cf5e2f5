import type { FastifyInstance } from "fastify";

/**
 * CORS as Cognito does it: `*` on the endpoints browsers call cross-origin (token, userInfo, revoke,
 * discovery, JWKS, and the JSON API for the browser SDK). The hosted pages get none.
 * [uncertain] AWS's exact allowed/exposed header lists.
 */
const CORS_PATHS = [
  /^\/$/,
  /^\/oauth2\/(token|userInfo|revoke)$/,
  /^\/[^/]+\/\.well-known\/(openid-configuration|jwks\.json)$/,
];

const ALLOW_HEADERS =
  "authorization,content-type,x-amz-target,x-amz-user-agent,amz-sdk-invocation-id,amz-sdk-request,x-amz-date,x-amz-content-sha256,x-amz-security-token,cache-control";

function corsPath(url: string): boolean {
  const path = url.split("?")[0] ?? "";
  return CORS_PATHS.some((re) => re.test(path));
}

export function registerCors(app: FastifyInstance): void {
  app.addHook("onRequest", async (request, reply) => {
    if (!corsPath(request.url)) return;
    reply.header("access-control-allow-origin", "*");
    reply.header(
      "access-control-expose-headers",
      "x-amzn-requestid,x-amzn-errortype,x-amzn-errormessage,www-authenticate",
    );
  });

  app.options("/*", async (request, reply) => {
    if (!corsPath(request.url)) return reply.code(404).send();
    return reply
      .code(204)
      .header("access-control-allow-methods", "GET,POST,OPTIONS")
      .header("access-control-allow-headers", ALLOW_HEADERS)
      .header("access-control-max-age", "600")
      .send();
  });
}
