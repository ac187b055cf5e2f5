import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/** Where the console's Vite build lands (packages/authz-console/dist). */
export const CONSOLE_DIST = resolve(import.meta.dirname, "..", "..", "..", "authz-console", "dist");

/** Paths that belong to the API: never answered with the console page. */
const API_PREFIXES = [
  "/v1/",
  "/v2/",
  "/allowed",
  "/user-permissions",
  "/authorized_users",
  "/health",
  "/ready",
  "/openapi",
];

/**
 * Serves the policy console at `/` when it has been built. It is a static client of the same API the
 * SDK uses (no private back doors); the page itself needs no key, every API call does.
 * Returns the fallback that answers browser navigations to the console's client-side routes.
 */
export async function installConsole(
  app: FastifyInstance,
  dir: string = CONSOLE_DIST,
): Promise<((request: FastifyRequest, reply: FastifyReply) => boolean) | undefined> {
  if (!existsSync(join(dir, "index.html"))) return undefined;
  await app.register(fastifyStatic, { root: dir, wildcard: false, index: "index.html" });
  app.addHook("onSend", async (_request, reply) => {
    if (String(reply.getHeader("content-type") ?? "").startsWith("text/html")) {
      reply.header(
        "content-security-policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
      );
      reply.header("x-frame-options", "DENY");
      reply.header("referrer-policy", "no-referrer");
    }
    reply.header("x-content-type-options", "nosniff");
  });
  return (request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    const wantsPage = request.method === "GET" && (request.headers.accept ?? "").includes("text/html");
    if (!wantsPage || API_PREFIXES.some((p) => path.startsWith(p))) return false;
    void reply.type("text/html; charset=utf-8").sendFile("index.html");
    return true;
  };
}
