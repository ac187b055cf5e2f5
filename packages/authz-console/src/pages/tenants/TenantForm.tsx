import { type FormEvent, useState } from "react";
import { seg } from "../../api/client.ts";
import type { Tenant } from "../../api/types.ts";
import { NameAndKeyFields, TextField, useNameAndKey } from "../../components/fields.tsx";
import { useWrite } from "../../state/use-write.ts";

/** Creates a tenant, or edits one's name and description. */
export function TenantForm({ tenant, onDone }: { tenant?: Tenant; onDone(saved: boolean): void }) {
  const write = useWrite();
  const fields = useNameAndKey(tenant?.name ?? "", tenant?.key);
  const name = fields.name;
  const [description, setDescription] = useState(tenant?.description ?? "");
  const [busy, setBusy] = useState(false);
  const tenantKey = fields.key;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const body = { name: name.trim(), description: description.trim() || undefined };
    const res = tenant
      ? await write({ what: `save tenant ${tenant.key}`, done: `Tenant “${body.name}” saved.` }, (a) =>
          a.request("PATCH", a.facts(`/tenants/${seg(tenant.key)}`), body),
        )
      : await write({ what: `create tenant ${tenantKey}`, done: `Tenant “${body.name}” created.` }, (a) =>
          a.request("POST", a.facts("/tenants"), { key: tenantKey, ...body }),
        );
    setBusy(false);
    if (res) onDone(true);
  };

  return (
    <form
      className="card form-grid"
      onSubmit={submit}
      aria-label={tenant ? `Edit tenant ${tenant.name}` : "New tenant"}
      data-testid="tenant-form"
    >
      <h2 className="card-title">{tenant ? `Edit ${tenant.name}` : "New tenant"}</h2>
      <NameAndKeyFields fields={fields} testIdPrefix="tenant" editing={tenant !== undefined} />
      <TextField
        label="Description"
        value={description}
        onChange={setDescription}
        maxLength={2048}
        wide
        testId="tenant-description"
      />
      <div className="form-actions">
        <button type="button" className="button" onClick={() => onDone(false)}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy} data-testid="tenant-save">
          {busy ? "Saving…" : tenant ? "Save tenant" : "Create tenant"}
        </button>
      </div>
    </form>
  );
}
