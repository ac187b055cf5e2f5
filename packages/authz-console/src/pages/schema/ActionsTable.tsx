import { ConfirmDialog } from "@tollgate/web-ui";
import { type FormEvent, useId, useState } from "react";
import { seg } from "../../api/client.ts";
import type { Resource } from "../../api/types.ts";
import { KEY_PATTERN } from "../../components/forms.ts";
import { InlineEdit } from "../../components/InlineEdit.tsx";
import { grantsOf } from "../../model/hierarchy.ts";
import { usePolicy } from "../../state/policy-store.tsx";
import { useWrite } from "../../state/use-write.ts";
import { GrantList } from "./GrantList.tsx";

/** A resource's actions: add, rename, delete (with the permissions that go with one). */
export function ActionsTable({ resource }: { resource: Resource }) {
  const { roles } = usePolicy();
  const write = useWrite();
  const [renaming, setRenaming] = useState<string | undefined>(undefined);
  const [deleting, setDeleting] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [newKey, setNewKey] = useState("");
  const ids = { key: useId() };
  const base = `/resources/${seg(resource.key)}/actions`;
  const roleName = (k: string) => roles.find((r) => r.key === k)?.name ?? k;
  const actions = Object.values(resource.actions);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const key = newKey.trim();
    setBusy(true);
    const res = await write(
      {
        what: `add action ${key} to ${resource.key}`,
        done: `Action “${key}” added to ${resource.name}.`,
        refreshPolicy: true,
      },
      (api) => api.request("POST", api.schema(base), { key, name: key }),
    );
    setBusy(false);
    if (res) setNewKey("");
  };

  const remove = async (key: string) => {
    setBusy(true);
    await write(
      { what: `delete action ${resource.key}:${key}`, done: `Action “${key}” deleted.`, refreshPolicy: true },
      (api) => api.request("DELETE", api.schema(`${base}/${seg(key)}`)),
    );
    setBusy(false);
    setDeleting(undefined);
  };

  return (
    <section className="subsection" aria-label={`Actions of ${resource.name}`}>
      <h3>Actions</h3>
      {actions.length === 0 ? (
        <p className="muted">No actions yet.</p>
      ) : (
        <ul className="item-list" data-testid={`actions-${resource.key}`}>
          {actions.map((a) => (
            <li key={a.key} className="item" data-testid={`action-${resource.key}-${a.key}`}>
              {renaming === a.key ? (
                <InlineEdit
                  label={`Name of action ${a.key}`}
                  value={a.name}
                  testId="action-rename"
                  onDone={() => setRenaming(undefined)}
                  onSave={async (name) =>
                    !!(await write(
                      {
                        what: `rename action ${a.key}`,
                        done: `Action renamed to “${name}”.`,
                        refreshPolicy: true,
                      },
                      (api) => api.request("PATCH", api.schema(`${base}/${seg(a.key)}`), { name }),
                    ))
                  }
                />
              ) : (
                <>
                  <span className="item-main">
                    {a.name} {a.name !== a.key && <code>{a.key}</code>}
                  </span>
                  <span className="item-actions">
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => setRenaming(a.key)}
                      aria-label={`Rename action ${a.key}`}
                      data-testid="action-rename"
                    >
                      Rename
                    </button>
                    <button
                      type="button"
                      className="button button-small button-danger-quiet"
                      onClick={() => setDeleting(a.key)}
                      aria-label={`Delete action ${a.key}`}
                      data-testid="action-delete"
                    >
                      Delete
                    </button>
                  </span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form" onSubmit={add} aria-label={`Add an action to ${resource.name}`}>
        <label htmlFor={ids.key}>New action</label>
        <input
          id={ids.key}
          value={newKey}
          onChange={(e) => setNewKey(e.target.value)}
          required
          pattern={KEY_PATTERN}
          maxLength={128}
          spellCheck={false}
          placeholder="e.g. archive"
          data-testid={`new-action-${resource.key}`}
        />
        <button
          type="submit"
          className="button button-small"
          disabled={busy}
          data-testid={`add-action-${resource.key}`}
        >
          Add action
        </button>
      </form>
      <ConfirmDialog
        open={deleting !== undefined}
        title={`Delete action “${deleting ?? ""}” of ${resource.name}?`}
        confirmLabel="Delete action"
        busy={busy}
        onCancel={() => setDeleting(undefined)}
        onConfirm={() => deleting !== undefined && void remove(deleting)}
      >
        <GrantList
          grants={deleting === undefined ? [] : grantsOf(roles, resource.key, deleting)}
          roleName={roleName}
          empty="No role has this permission."
        />
      </ConfirmDialog>
    </section>
  );
}
