import type { ReadinessCheck } from "@tollgate/runtime";
import { sql } from "kysely";
import type { AuthzCore } from "../service/context.ts";

/**
 * What must hold for this replica to answer correctly, checked by `/ready` (and `/healthy`, the
 * name Permit's PDP also serves): storage answers a query, and the snapshot decisions come from is
 * loaded (the version it has reached is shown, as the PDP shows its components). The service adds
 * `listener` on PostgreSQL, where other replicas' writes arrive by notification.
 */
export function readinessChecks(core: AuthzCore): Record<string, ReadinessCheck> {
  return {
    storage: async () => {
      try {
        await sql`select 1`.execute(core.store.db);
      } catch {
        return "storage is unreachable";
      }
    },
    snapshot: () => ({ version: core.feed.version }),
  };
}
