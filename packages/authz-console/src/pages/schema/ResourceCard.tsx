import { ConfirmDialog } from "@tollgate/web-ui";
import { useState } from "react";
import { seg } from "../../api/client.ts";
import type { Resource } from "../../api/types.ts";
import { InlineEdit } from "../../components/InlineEdit.tsx";
import { grantsOf } from "../../model/hierarchy.ts";
import { usePolicy } from "../../state/policy-store.tsx";
import { useWrite } from "../../state/use-write.ts";
import { ResourceRebac } from "../rebac/ResourceRebac.tsx";
import { ActionsTable } from "./ActionsTable.tsx";
import { AttributesTable } from "./AttributesTable.tsx";
import { GrantList } from "./GrantList.tsx";

/** One resource: its name (renamable), actions and attributes, and deleting it. */
export function ResourceCard({ resource }: { resource: Resource }) {
  const { roles } = usePolicy();
  const write = useWrite();
  const [renaming, setRenaming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [busy, setBusy] = useState(false);
  const roleName = (k: string) => roles.find((r) => r.key === k)?.name ?? k;
  const path = `/resources/${seg(resource.key)}`;
  const headingId = `resource-${resource.id}`;

  const remove = async () => {
    setBusy(true);
    const res = await write(
      {
        what: `delete resource ${resource.key}`,
        done: `Resource “${resource.name}” deleted.`,
        refreshPolicy: true,
      },
      (api) => api.request("DELETE", api.schema(path)),
    );
    setBusy(false);
    if (!res) setDeleting(false);
  };

  return (
    <article className="card" aria-labelledby={headingId} data-testid={`resource-${resource.key}`}>
      <div className="card-head">
        {renaming ? (
          <InlineEdit
            label={`Name of resource ${resource.key}`}
            value={resource.name}
            testId="resource-rename"
            onDone={() => setRenaming(false)}
            onSave={async (name) =>
              !!(await write(
                {
                  what: `rename resource ${resource.key}`,
                  done: `Resource renamed to “${name}”.`,
                  refreshPolicy: true,
                },
                (api) => api.request("PATCH", api.schema(path), { name }),
              ))
            }
          />
        ) : (
          <h2 id={headingId} className="card-title">
            {resource.name} <code>{resource.key}</code>
          </h2>
        )}
        {!renaming && (
          <div className="item-actions">
            <button
              type="button"
              className="button button-small"
              onClick={() => setRenaming(true)}
              aria-label={`Rename resource ${resource.name}`}
              data-testid="resource-rename"
            >
              Rename
            </button>
            <button
              type="button"
              className="button button-small button-danger-quiet"
              onClick={() => setDeleting(true)}
              aria-label={`Delete resource ${resource.name}`}
              data-testid="resource-delete"
            >
              Delete
            </button>
          </div>
        )}
      </div>
      {renaming && (
        <h2 id={headingId} className="visually-hidden">
          {resource.name}
        </h2>
      )}
      {resource.description && <p className="muted">{resource.description}</p>}
      <div className="card-columns">
        <ActionsTable resource={resource} />
        <AttributesTable resource={resource} />
      </div>
      <ResourceRebac resource={resource} />
      <ConfirmDialog
        open={deleting}
        title={`Delete resource “${resource.name}”?`}
        confirmLabel="Delete resource"
        busy={busy}
        onCancel={() => setDeleting(false)}
        onConfirm={() => void remove()}
      >
        <p>
          Its {Object.keys(resource.actions).length} action(s) and {Object.keys(resource.attributes).length}{" "}
          attribute(s) are deleted with it, and checks on <code>{resource.key}</code> will be denied.
        </p>
        <GrantList
          grants={grantsOf(roles, resource.key)}
          roleName={roleName}
          empty="No role has permissions on it."
        />
      </ConfirmDialog>
    </article>
  );
}
