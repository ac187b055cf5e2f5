import { type FormEvent, useId, useState } from "react";
import { seg } from "../../api/client.ts";
import type { Tenant } from "../../api/types.ts";
import { KEY_HINT, KEY_PATTERN, keyFromName } from "../../components/forms.ts";
import { useWrite } from "../../state/use-write.ts";

/** Creates a tenant, or edits one's name and description. */
export function TenantForm({ tenant, onDone }: { tenant?: Tenant; onDone(saved: boolean): void }) {
  const write = useWrite();
  const [name, setName] = useState(tenant?.name ?? "");
  const [key, setKey] = useState("");
  const [keyTouched, setKeyTouched] = useState(false);
  const [description, setDescription] = useState(tenant?.description ?? "");
  const [busy, setBusy] = useState(false);
  const ids = { name: useId(), key: useId(), hint: useId(), description: useId() };
  const tenantKey = tenant?.key ?? (keyTouched ? key : keyFromName(name));

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
      <div className="field">
        <label htmlFor={ids.name}>Name</label>
        <input
          id={ids.name}
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          maxLength={256}
          data-testid="tenant-name"
        />
      </div>
      {!tenant && (
        <div className="field">
          <label htmlFor={ids.key}>Key</label>
          <input
            id={ids.key}
            value={tenantKey}
            onChange={(e) => {
              setKeyTouched(true);
              setKey(e.target.value);
            }}
            required
            pattern={KEY_PATTERN}
            maxLength={128}
            spellCheck={false}
            aria-describedby={ids.hint}
            data-testid="tenant-key"
          />
          <p id={ids.hint} className="hint">
            {KEY_HINT}
          </p>
        </div>
      )}
      <div className="field field-wide">
        <label htmlFor={ids.description}>Description</label>
        <input
          id={ids.description}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          maxLength={2048}
          data-testid="tenant-description"
        />
      </div>
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
