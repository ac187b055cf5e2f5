import { useNotices } from "@tollgate/web-ui";
import { type FormEvent, useId, useState } from "react";
import { seg } from "../../api/client.ts";
import type { Relation } from "../../api/rebac-types.ts";
import type { Resource } from "../../api/types.ts";
import { FieldError, useFieldErrors } from "../../components/FieldError.tsx";
import { KEY_PATTERN } from "../../components/forms.ts";
import { useConsole } from "../../state/console-context.ts";
import { usePolicy } from "../../state/policy-store.tsx";
import { messageOf } from "../../state/rebac-schema.ts";

const relationFieldOf = (m: string) =>
  /subject|resource/i.test(m) && !/relation/i.test(m)
    ? "subject"
    : /key|exist|duplicate|relation/i.test(m)
      ? "key"
      : "form";

/** The relations declared on a resource: which other resource's instances can be linked to one of its own. */
export function RelationsSection({
  resource,
  relations,
  onChanged,
}: {
  resource: Resource;
  relations: Relation[];
  onChanged(): void;
}) {
  const { api } = useConsole();
  const notices = useNotices();
  const { resources } = usePolicy();
  const [key, setKey] = useState("");
  const [subject, setSubject] = useState("");
  const form = useFieldErrors<"key" | "subject">(relationFieldOf);
  const ids = {
    key: useId(),
    subject: useId(),
    keyError: useId(),
    subjectError: useId(),
    formError: useId(),
  };
  const subjectKey = subject || resources[0]?.key || "";
  const base = api.schema(`/resources/${seg(resource.key)}/relations`);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const k = key.trim();
    if (relations.some((r) => r.key === k)) {
      form.setErrors({ key: `${resource.key} already has a relation “${k}”.` });
      return;
    }
    const ok = await form.run(() =>
      api.request("POST", base, { key: k, name: k, subject_resource: subjectKey }),
    );
    if (ok) {
      notices.success(`Relation ${k} added: a ${subjectKey} can be the ${k} of a ${resource.key}.`);
      setKey("");
      onChanged();
    }
  };

  const remove = async (r: Relation) => {
    try {
      await api.request("DELETE", `${base}/${seg(r.key)}`);
      notices.success(`Relation ${r.key} deleted, with its tuples and derivations.`);
      onChanged();
    } catch (err) {
      notices.error(`Could not delete relation ${r.key}: ${messageOf(err)}`);
    }
  };

  return (
    <section className="subsection" aria-label={`Relations of ${resource.name}`}>
      <h3>Relations</h3>
      {relations.length === 0 ? (
        <p className="muted">No relations.</p>
      ) : (
        <ul className="item-list" data-testid={`relations-${resource.key}`}>
          {relations.map((r) => (
            <li key={r.key} className="item" data-testid={`relation-${resource.key}-${r.key}`}>
              <span className="item-main">
                A <code>{r.subject_resource}</code> can be the <strong>{r.key}</strong> of a{" "}
                <code>{resource.key}</code>
              </span>
              <span className="item-actions">
                <button
                  type="button"
                  className="button button-small button-danger-quiet"
                  aria-label={`Delete relation ${r.key}`}
                  data-testid="relation-delete"
                  onClick={() => void remove(r)}
                >
                  Delete
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <form className="rebac-form" onSubmit={add} aria-label={`Add a relation to ${resource.name}`}>
        <div className="rebac-form-row">
          <div className="field">
            <label htmlFor={ids.key}>New relation</label>
            <input
              id={ids.key}
              value={key}
              onChange={(e) => setKey(e.target.value)}
              required
              pattern={KEY_PATTERN}
              maxLength={128}
              spellCheck={false}
              placeholder="e.g. parent"
              aria-invalid={form.errors.key ? true : undefined}
              aria-describedby={form.errors.key ? ids.keyError : undefined}
              data-testid={`new-relation-${resource.key}`}
            />
            <FieldError id={ids.keyError} message={form.errors.key} testId="new-relation-key-error" />
          </div>
          <div className="field">
            <label htmlFor={ids.subject}>Subject resource</label>
            <select
              id={ids.subject}
              value={subjectKey}
              onChange={(e) => setSubject(e.target.value)}
              aria-invalid={form.errors.subject ? true : undefined}
              aria-describedby={form.errors.subject ? ids.subjectError : undefined}
              data-testid={`new-relation-subject-${resource.key}`}
            >
              {resources.map((r) => (
                <option key={r.key} value={r.key}>
                  {r.key}
                </option>
              ))}
            </select>
            <FieldError
              id={ids.subjectError}
              message={form.errors.subject}
              testId="new-relation-subject-error"
            />
          </div>
        </div>
        <FieldError id={ids.formError} message={form.errors.form} testId="new-relation-error" />
        <div className="form-actions">
          <button
            type="submit"
            className="button button-small"
            disabled={form.busy}
            data-testid={`add-relation-${resource.key}`}
          >
            Add relation
          </button>
        </div>
      </form>
    </section>
  );
}
