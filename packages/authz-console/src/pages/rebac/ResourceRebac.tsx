import type { Resource } from "../../api/types.ts";
import { LoadState } from "../../components/LoadState.tsx";
import { useResourceRebac } from "../../state/rebac-schema.ts";
import "../../rebac.css";
import { RelationsSection } from "./RelationsSection.tsx";
import { ResourceRolesSection } from "./ResourceRolesSection.tsx";

/** A resource card's ReBAC half: its resource roles (with derivations) and relations. */
export function ResourceRebac({ resource }: { resource: Resource }) {
  const rebac = useResourceRebac(resource.key);
  const data = rebac.data;
  return (
    <div className="card-columns rebac-columns">
      {data === undefined ? (
        <LoadState loading={rebac.loading} error={rebac.error} what="resource roles" onRetry={rebac.reload} />
      ) : (
        <>
          <ResourceRolesSection
            resource={resource}
            roles={data.roles}
            relations={data.relations}
            onChanged={rebac.reload}
          />
          <RelationsSection resource={resource} relations={data.relations} onChanged={rebac.reload} />
        </>
      )}
    </div>
  );
}
