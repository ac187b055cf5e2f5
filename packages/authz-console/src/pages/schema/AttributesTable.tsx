import { type FormEvent, useId, useState } from "react";
import { seg } from "../../api/client.ts";
import type { Resource } from "../../api/types.ts";
import { KEY_PATTERN } from "../../components/forms.ts";
import { useWrite } from "../../state/use-write.ts";

const TYPES = ["string", "number", "bool", "time", "array", "json", "object", "object_array"];

/** A resource's attributes (for ABAC later): add and delete. */
export function AttributesTable({ resource }: { resource: Resource }) {
  const write = useWrite();
  const [key, setKey] = useState("");
  const [type, setType] = useState("string");
  const [busy, setBusy] = useState(false);
  const ids = { key: useId(), type: useId() };
  const base = `/resources/${seg(resource.key)}/attributes`;
  const attributes = Object.values(resource.attributes);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const res = await write(
      {
        what: `add attribute ${key}`,
        done: `Attribute “${key}” added to ${resource.name}.`,
        refreshPolicy: true,
      },
      (api) => api.request("POST", api.schema(base), { key: key.trim(), type }),
    );
    setBusy(false);
    if (res) setKey("");
  };

  return (
    <section className="subsection" aria-label={`Attributes of ${resource.name}`}>
      <h3>Attributes</h3>
      {attributes.length === 0 ? (
        <p className="muted">No attributes.</p>
      ) : (
        <ul className="item-list" data-testid={`attributes-${resource.key}`}>
          {attributes.map((a) => (
            <li key={a.key} className="item" data-testid={`attribute-${resource.key}-${a.key}`}>
              <span className="item-main">
                <code>{a.key}</code> <span className="pill">{a.type}</span>
              </span>
              <span className="item-actions">
                <button
                  type="button"
                  className="button button-small button-danger-quiet"
                  aria-label={`Delete attribute ${a.key}`}
                  disabled={busy}
                  data-testid="attribute-delete"
                  onClick={() =>
                    void write(
                      {
                        what: `delete attribute ${a.key}`,
                        done: `Attribute “${a.key}” deleted.`,
                        refreshPolicy: true,
                      },
                      (api) => api.request("DELETE", api.schema(`${base}/${seg(a.key)}`)),
                    )
                  }
                >
                  Delete
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form" onSubmit={add} aria-label={`Add an attribute to ${resource.name}`}>
        <label htmlFor={ids.key}>New attribute</label>
        <input
          id={ids.key}
          value={key}
          onChange={(e) => setKey(e.target.value)}
          required
          pattern={KEY_PATTERN}
          maxLength={128}
          spellCheck={false}
          placeholder="e.g. owner"
          data-testid={`new-attribute-${resource.key}`}
        />
        <label htmlFor={ids.type} className="visually-hidden">
          Type of the new attribute
        </label>
        <select
          id={ids.type}
          value={type}
          onChange={(e) => setType(e.target.value)}
          data-testid={`new-attribute-type-${resource.key}`}
        >
          {TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <button
          type="submit"
          className="button button-small"
          disabled={busy}
          data-testid={`add-attribute-${resource.key}`}
        >
          Add attribute
        </button>
      </form>
    </section>
  );
}
