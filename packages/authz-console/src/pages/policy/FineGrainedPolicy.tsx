import type { Resource } from "../../api/types.ts";
import "../../rebac.css";
import { ConditionSetMatrix } from "./ConditionSetMatrix.tsx";
import { ResourceRoleMatrix } from "./ResourceRoleMatrix.tsx";

/** Below the tenant roles' matrix: resource roles per resource (ReBAC), then condition-set rules (ABAC). */
export function FineGrainedPolicy({ resources }: { resources: Resource[] }) {
  return (
    <>
      <section
        className="rebac-policy"
        aria-labelledby="policy-resource-roles"
        data-testid="policy-resource-roles"
      >
        <h2 id="policy-resource-roles" className="rebac-policy-title">
          Resource roles
        </h2>
        <p className="muted">
          Roles a person holds on one instance (assigned on the Instances page, or derived through relations).
          Define them on the Schema page.
        </p>
        {resources.map((r) => (
          <ResourceRoleMatrix key={r.key} resource={r} />
        ))}
      </section>
      <section
        className="rebac-policy"
        aria-labelledby="policy-condition-sets"
        data-testid="policy-condition-sets"
      >
        <h2 id="policy-condition-sets" className="rebac-policy-title">
          Condition sets
        </h2>
        <ConditionSetMatrix />
      </section>
    </>
  );
}
