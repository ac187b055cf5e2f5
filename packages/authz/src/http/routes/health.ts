import { sql } from "kysely";
import type { AuthzCore } from "../../service/context.ts";
import type { Api } from "../plumbing.ts";

/**
 * Unauthenticated probes on the PDP port, shaped like the PDP's:
 * `{status: "ok"|"error", components: {...}}` with 200 or 503.
 */
export function healthRoutes(api: Api, core: AuthzCore, isReady: () => boolean): void {
  const probe = async (_req: unknown, reply: { code(n: number): unknown }) => {
    let storage: { status: string; error?: string } = { status: "ok" };
    try {
      await sql`select 1`.execute(core.store.db);
    } catch {
      storage = { status: "error", error: "storage is unreachable" };
    }
    const snapshot = isReady()
      ? { status: "ok", version: core.feed.version }
      : { status: "error", error: "loading" };
    const ok = storage.status === "ok" && snapshot.status === "ok";
    reply.code(ok ? 200 : 503);
    return { status: ok ? "ok" : "error", components: { storage, snapshot } };
  };
  for (const path of ["/health", "/healthy", "/ready"])
    api.get(path, { schema: { tags: ["health"] } }, probe);
}
