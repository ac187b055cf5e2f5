import { type FormEvent, useState } from "react";
import type { Resource } from "../../api/types.ts";
import { NameAndKeyFields, TextField, useNameAndKey } from "../../components/fields.tsx";
import { keyList } from "../../components/forms.ts";
import { useWrite } from "../../state/use-write.ts";

/** Creates a resource with its first actions. */
export function NewResourceForm({ onCreated }: { onCreated?(key: string): void }) {
  const write = useWrite();
  const fields = useNameAndKey();
  const name = fields.name;
  const [actions, setActions] = useState("create, read, update, delete");
  const [busy, setBusy] = useState(false);
  const effectiveKey = fields.key;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const res = await write(
      { what: `create resource ${effectiveKey}`, done: `Resource “${name}” created.`, refreshPolicy: true },
      (api) =>
        api.request<Resource>("POST", api.schema("/resources"), {
          key: effectiveKey,
          name: name.trim(),
          actions: Object.fromEntries(keyList(actions).map((a) => [a, { name: a }])),
        }),
    );
    setBusy(false);
    if (res) {
      fields.reset();
      onCreated?.(effectiveKey);
    }
  };

  return (
    <form
      className="card form-grid"
      onSubmit={submit}
      data-testid="new-resource-form"
      aria-label="New resource"
    >
      <h2 className="card-title">New resource</h2>
      <NameAndKeyFields fields={fields} testIdPrefix="new-resource" />
      <TextField
        label="Actions"
        value={actions}
        onChange={setActions}
        code
        wide
        hint="Action keys, separated by commas or spaces."
        testId="new-resource-actions"
      />
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={busy}
          data-testid="new-resource-submit"
        >
          {busy ? "Creating…" : "Create resource"}
        </button>
      </div>
    </form>
  );
}
