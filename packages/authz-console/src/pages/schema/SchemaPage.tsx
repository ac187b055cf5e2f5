import { LoadState } from "../../components/LoadState.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { usePolicy } from "../../state/policy-store.tsx";
import { NewResourceForm } from "./NewResourceForm.tsx";
import { ResourceCard } from "./ResourceCard.tsx";

/** Resources with their actions and attributes. */
export function SchemaPage() {
  const { resources, loaded, error, reload } = usePolicy();
  return (
    <>
      <PageHeader title="Schema">
        The resources your application protects, the actions people take on them, and their attributes.
      </PageHeader>
      <LoadState loading={!loaded} error={error} what="resources" onRetry={() => void reload()} />
      <div className="stack">
        {loaded && resources.length === 0 && (
          <p className="empty">No resources yet: create the first one below.</p>
        )}
        {resources.map((r) => (
          <ResourceCard key={r.key} resource={r} />
        ))}
        <NewResourceForm />
      </div>
    </>
  );
}
