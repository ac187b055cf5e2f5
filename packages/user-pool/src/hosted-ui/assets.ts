import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";

/** The hosted pages' stylesheet and script, read once at start (they ship with the source). */
const ASSETS = new Map<string, { type: string; body: string }>([
  ["page.css", { type: "text/css; charset=utf-8", body: read("page.css") }],
  ["page.js", { type: "text/javascript; charset=utf-8", body: read("page.js") }],
]);

function read(name: string): string {
  return readFileSync(join(import.meta.dirname, "assets", name), "utf8");
}

/** Where the pages link them; relative, so a pool served under a path prefix still finds them. */
export const ASSET_PATH = "hosted-ui";

/** A short content hash per asset, appended to its URL so a changed file is never served stale. */
export const ASSET_VERSION: Record<string, string> = Object.fromEntries(
  [...ASSETS].map(([name, a]) => [name, createHash("sha256").update(a.body).digest("hex").slice(0, 12)]),
);

/** GET /hosted-ui/page.css and /hosted-ui/page.js: same-origin files, so the pages' CSP can stay 'self'. */
export function registerHostedAssets(app: FastifyInstance): void {
  app.get<{ Params: { name: string } }>(`/${ASSET_PATH}/:name`, async (request, reply) => {
    const asset = ASSETS.get(request.params.name);
    if (!asset) return reply.code(404).header("content-type", "text/plain; charset=utf-8").send("Not found");
    return reply
      .header("content-type", asset.type)
      .header("x-content-type-options", "nosniff")
      .header("cache-control", "public, max-age=86400, immutable")
      .send(asset.body);
  });
}
