import { Counter, Gauge, type Registry } from "@tollgate/metrics";
import type { Decision } from "@tollgate/policy";
import type { AuditLog } from "../audit/audit-log.ts";
import type { AuthzCore } from "../service/context.ts";
import { latestVersion } from "../storage/changes.ts";

/** The authorization service's own metrics, on top of the shared HTTP and process ones. */
export function authzMetrics(registry: Registry, core: AuthzCore, audit: AuditLog) {
  const decisions = new Counter({
    name: "tollgate_authz_decisions_total",
    help: "Decisions made, by result and reason",
    labelNames: ["result", "reason"],
    registers: [registry],
  });
  new Gauge({
    name: "tollgate_authz_snapshot_version",
    help: "Policy version this replica's in-memory snapshot includes",
    registers: [registry],
    collect() {
      this.set(core.sync.version);
    },
  });
  new Gauge({
    name: "tollgate_authz_snapshot_lag_versions",
    help: "Committed versions not yet applied to this replica's snapshot",
    registers: [registry],
    async collect() {
      this.set(
        Math.max(0, (await latestVersion(core.store.db).catch(() => core.sync.version)) - core.sync.version),
      );
    },
  });
  new Gauge({
    name: "tollgate_authz_snapshot_seconds_since_catch_up",
    help: "Seconds since this replica last caught up with the change log",
    registers: [registry],
    collect() {
      this.set((Date.now() - core.sync.lastCatchUpAt) / 1000);
    },
  });
  new Gauge({
    name: "tollgate_authz_changes_applied",
    help: "Changes applied to the snapshot since start (own and other replicas')",
    registers: [registry],
    collect() {
      this.set(core.sync.applied);
    },
  });
  new Gauge({
    name: "tollgate_authz_snapshot_objects",
    help: "Objects in the snapshot, by kind",
    labelNames: ["kind"],
    registers: [registry],
    collect() {
      for (const [kind, n] of Object.entries(core.engine.stats())) this.set({ kind }, n);
    },
  });
  new Gauge({
    name: "tollgate_authz_audit_dropped",
    help: "Audit entries dropped because storage could not keep up",
    registers: [registry],
    collect() {
      this.set(audit.dropped);
    },
  });
  return {
    decision(d: Decision) {
      decisions.inc({ result: d.allow ? "allow" : "deny", reason: d.reason });
    },
  };
}
