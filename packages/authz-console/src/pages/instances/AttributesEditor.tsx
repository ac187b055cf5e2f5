import { useNotices } from "@tollgate/web-ui";
import { type FormEvent, useId, useState } from "react";
import { seg } from "../../api/client.ts";
import type { ResourceInstance } from "../../api/rebac-types.ts";
import { FieldError, useFieldErrors } from "../../components/FieldError.tsx";
import { useConsole } from "../../state/console-context.ts";

/** Parses what a person typed: a JSON object, or a message saying what is wrong with it. */
export function parseAttributes(text: string): { value: Record<string, unknown> } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text.trim() || "{}");
  } catch (err) {
    return { error: `Not valid JSON: ${(err as Error).message}` };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return { error: 'Attributes are a JSON object: { "name": value, … }.' };
  return { value: value as Record<string, unknown> };
}

/** An instance's attributes (used by ABAC resource sets): shown, and replaced as a validated JSON object. */
export function AttributesEditor({ instance, onSaved }: { instance: ResourceInstance; onSaved(): void }) {
  const { api } = useConsole();
  const notices = useNotices();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState("");
  const form = useFieldErrors<"attributes">(() => "attributes");
  const ids = { text: useId(), error: useId(), heading: useId() };
  const attrs = instance.attributes ?? {};
  const id = `${instance.resource}:${instance.key}`;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseAttributes(text);
    if ("error" in parsed) {
      form.setErrors({ attributes: parsed.error });
      return;
    }
    const ok = await form.run(() =>
      api.request("PATCH", api.facts(`/resource_instances/${seg(id)}`), { attributes: parsed.value }),
    );
    if (ok) {
      notices.success(`Attributes of ${id} saved.`);
      setEditing(false);
      onSaved();
    }
  };

  return (
    <section className="card" aria-labelledby={ids.heading} data-testid="instance-attributes">
      <div className="card-head">
        <h2 id={ids.heading} className="card-title">
          Attributes
        </h2>
        {!editing && (
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              setText(JSON.stringify(attrs, null, 2));
              form.setErrors({});
              setEditing(true);
            }}
            data-testid="instance-attributes-edit"
          >
            Edit
          </button>
        )}
      </div>
      {editing ? (
        <form onSubmit={save} className="rebac-form" aria-label={`Attributes of ${id}`}>
          <div className="field">
            <label htmlFor={ids.text}>Attributes (JSON object)</label>
            <textarea
              id={ids.text}
              className="instance-attrs"
              rows={Math.min(14, Math.max(4, text.split("\n").length + 1))}
              value={text}
              onChange={(e) => setText(e.target.value)}
              spellCheck={false}
              aria-invalid={form.errors.attributes ? true : undefined}
              aria-describedby={form.errors.attributes ? ids.error : undefined}
              data-testid="instance-attributes-text"
            />
            <FieldError id={ids.error} message={form.errors.attributes} testId="instance-attributes-error" />
          </div>
          <div className="form-actions">
            <button type="button" className="button button-small" onClick={() => setEditing(false)}>
              Cancel
            </button>
            <button
              type="submit"
              className="button button-small button-primary"
              disabled={form.busy}
              data-testid="instance-attributes-save"
            >
              Save attributes
            </button>
          </div>
        </form>
      ) : Object.keys(attrs).length === 0 ? (
        <p className="muted">No attributes.</p>
      ) : (
        <dl className="facts" data-testid="instance-attribute-list">
          {Object.entries(attrs).map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>
                <code>{JSON.stringify(v)}</code>
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
