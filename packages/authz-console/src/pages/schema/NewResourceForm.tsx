import { type FormEvent, useId, useState } from "react";
import type { Resource } from "../../api/types.ts";
import { KEY_HINT, KEY_PATTERN, keyFromName, keyList } from "../../components/forms.ts";
import { useWrite } from "../../state/use-write.ts";

/** Creates a resource with its first actions. */
export function NewResourceForm({ onCreated }: { onCreated?(key: string): void }) {
  const write = useWrite();
  const [name, setName] = useState("");
  const [key, setKey] = useState("");
  const [keyTouched, setKeyTouched] = useState(false);
  const [actions, setActions] = useState("create, read, update, delete");
  const [busy, setBusy] = useState(false);
  const ids = { name: useId(), key: useId(), keyHint: useId(), actions: useId(), actionsHint: useId() };
  const effectiveKey = keyTouched ? key : keyFromName(name);

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
      setName("");
      setKey("");
      setKeyTouched(false);
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
      <div className="field">
        <label htmlFor={ids.name}>Name</label>
        <input
          id={ids.name}
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          maxLength={256}
          data-testid="new-resource-name"
        />
      </div>
      <div className="field">
        <label htmlFor={ids.key}>Key</label>
        <input
          id={ids.key}
          value={effectiveKey}
          onChange={(e) => {
            setKeyTouched(true);
            setKey(e.target.value);
          }}
          required
          pattern={KEY_PATTERN}
          maxLength={128}
          aria-describedby={ids.keyHint}
          spellCheck={false}
          data-testid="new-resource-key"
        />
        <p id={ids.keyHint} className="hint">
          {KEY_HINT}
        </p>
      </div>
      <div className="field field-wide">
        <label htmlFor={ids.actions}>Actions</label>
        <input
          id={ids.actions}
          value={actions}
          onChange={(e) => setActions(e.target.value)}
          aria-describedby={ids.actionsHint}
          spellCheck={false}
          data-testid="new-resource-actions"
        />
        <p id={ids.actionsHint} className="hint">
          Action keys, separated by commas or spaces.
        </p>
      </div>
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
