import { useNotices } from "@tollgate/web-ui";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { seg } from "../../api/client.ts";
import type { ConditionSet } from "../../api/rebac-types.ts";
import { FieldError, useFieldErrors } from "../../components/FieldError.tsx";
import { KEY_HINT, KEY_PATTERN, keyFromName } from "../../components/forms.ts";
import { namedChoices, SelectField } from "../../components/SelectField.tsx";
import { type ConditionGroup, fromGroup, type RowErrors, toGroup } from "../../model/conditions.ts";
import { useConsole } from "../../state/console-context.ts";
import { usePolicy } from "../../state/policy-store.tsx";
import { parseAttributes } from "../instances/AttributesEditor.tsx";
import { type AttributeChoice, ConditionRows } from "./ConditionRows.tsx";

type Field = "key" | "resource" | "conditions";
const fieldOf = (m: string): Field | "form" =>
  /condition|operator|attribute/i.test(m)
    ? "conditions"
    : /resource/i.test(m)
      ? "resource"
      : /key|exist|duplicate/i.test(m)
        ? "key"
        : "form";

/** Creates a user set or resource set, or edits one's name and conditions (rows, or JSON when they don't fit rows). */
export function ConditionSetForm({
  editing,
  type: initialType,
  userAttributes,
  taken,
  onDone,
}: {
  /** Keys of every condition set (keys are unique across both kinds). */
  taken: string[];
  editing?: ConditionSet | undefined;
  type: "userset" | "resourceset";
  userAttributes: AttributeChoice[];
  onDone(saved: boolean): void;
}) {
  const { api } = useConsole();
  const notices = useNotices();
  const { resources } = usePolicy();
  const [name, setName] = useState(editing?.name ?? "");
  const [typedKey, setTypedKey] = useState<string | undefined>(undefined);
  const [type] = useState(editing?.type ?? initialType);
  const [resource, setResource] = useState(editing?.resource?.key ?? "");
  const start = toGroup(editing?.conditions ?? {});
  const [group, setGroup] = useState<ConditionGroup>(start ?? { mode: "allOf", rows: [] });
  const [json, setJson] = useState<string | undefined>(
    start ? undefined : JSON.stringify(editing?.conditions ?? {}, null, 2),
  );
  const [rowErrors, setRowErrors] = useState<RowErrors[]>([]);
  const form = useFieldErrors<Field>(fieldOf);
  const ids = {
    name: useId(),
    key: useId(),
    keyHint: useId(),
    keyErr: useId(),
    json: useId(),
    condErr: useId(),
    formErr: useId(),
    heading: useId(),
  };
  const nameRef = useRef<HTMLInputElement>(null);
  // The form opens above the lists: bring it into view with the name ready to type.
  useEffect(() => nameRef.current?.focus(), []);
  const key = editing?.key ?? typedKey ?? keyFromName(name);
  const resourceKey = resource || resources[0]?.key || "";
  const prefix = type === "userset" ? "user" : "resource";
  const bound = resources.find((r) => r.key === resourceKey);
  const attributes: AttributeChoice[] =
    type === "userset"
      ? userAttributes
      : Object.values(bound?.attributes ?? {}).map((a) => ({ path: `resource.${a.key}`, type: a.type }));
  const typeOf = (path: string) => attributes.find((a) => a.path === path)?.type;
  const kind = type === "userset" ? "user set" : "resource set";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setRowErrors([]);
    if (!editing && taken.includes(key)) {
      form.setErrors({ key: `There is already a condition set “${key}”.` });
      return;
    }
    let conditions: Record<string, unknown>;
    if (json !== undefined) {
      const parsed = parseAttributes(json);
      if ("error" in parsed) {
        form.setErrors({ conditions: parsed.error.replace("Attributes are", "Conditions are") });
        return;
      }
      conditions = parsed.value;
    } else {
      const out = fromGroup(group, typeOf, prefix);
      if ("errors" in out) {
        setRowErrors(out.errors);
        form.setErrors({ conditions: "Some conditions need fixing (see the rows above)." });
        return;
      }
      conditions = out.conditions;
    }
    const ok = await form.run(() =>
      editing
        ? api.request("PATCH", api.schema(`/condition_sets/${seg(editing.key)}`), {
            name: name.trim(),
            conditions,
          })
        : api.request("POST", api.schema("/condition_sets"), {
            key,
            name: name.trim(),
            type,
            ...(type === "resourceset" ? { resource_id: resourceKey } : {}),
            conditions,
          }),
    );
    if (ok) {
      notices.success(
        `${kind[0]?.toUpperCase()}${kind.slice(1)} “${name.trim()}” ${editing ? "saved" : "created"}.`,
      );
      onDone(true);
    }
  };

  return (
    <form
      className="card form-grid cond-form"
      onSubmit={submit}
      aria-labelledby={ids.heading}
      data-testid="condition-set-form"
    >
      <h2 id={ids.heading} className="card-title">
        {editing ? `Edit ${kind} “${editing.name}”` : `New ${kind}`}
      </h2>
      <div className="field">
        <label htmlFor={ids.name}>Name</label>
        <input
          id={ids.name}
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          maxLength={256}
          data-testid="condition-set-name"
        />
      </div>
      {!editing && (
        <div className="field">
          <label htmlFor={ids.key}>Key</label>
          <input
            id={ids.key}
            value={key}
            onChange={(e) => setTypedKey(e.target.value)}
            required
            pattern={KEY_PATTERN}
            maxLength={128}
            spellCheck={false}
            aria-invalid={form.errors.key ? true : undefined}
            aria-describedby={form.errors.key ? `${ids.keyErr} ${ids.keyHint}` : ids.keyHint}
            data-testid="condition-set-key"
          />
          <FieldError id={ids.keyErr} message={form.errors.key} testId="condition-set-key-error" />
          <p id={ids.keyHint} className="hint">
            {KEY_HINT}
          </p>
        </div>
      )}
      {type === "resourceset" && (
        <SelectField
          label="Resource type"
          value={resourceKey}
          disabled={editing !== undefined}
          onChange={(value) => {
            setResource(value);
            setGroup((g) => ({ ...g, rows: [] }));
          }}
          choices={namedChoices(resources)}
          testId="condition-set-resource"
          error={form.errors.resource}
          errorTestId="condition-set-resource-error"
        />
      )}
      <fieldset
        className="checks field-wide cond-fieldset"
        aria-describedby={form.errors.conditions ? ids.condErr : undefined}
      >
        <legend>Conditions</legend>
        {json === undefined ? (
          <ConditionRows
            group={group}
            onChange={(g) => {
              // An edit answers the messages: they come back, if still due, on the next save.
              setGroup(g);
              setRowErrors([]);
            }}
            attributes={attributes}
            errors={rowErrors}
          />
        ) : (
          <div className="field">
            <label htmlFor={ids.json}>Conditions as JSON (Permit's grammar)</label>
            <textarea
              id={ids.json}
              className="instance-attrs"
              rows={Math.min(16, Math.max(5, json.split("\n").length + 1))}
              value={json}
              onChange={(e) => setJson(e.target.value)}
              spellCheck={false}
              data-testid="condition-set-json"
            />
            {!start && editing && (
              <p className="hint">
                These conditions have a shape the rows can't show, so they are edited as JSON.
              </p>
            )}
          </div>
        )}
        <FieldError
          id={ids.condErr}
          message={form.errors.conditions}
          testId="condition-set-conditions-error"
        />
        {json === undefined ? (
          <button
            type="button"
            className="button button-small button-quiet"
            onClick={() => {
              const out = fromGroup(group, typeOf, prefix);
              setJson(JSON.stringify("conditions" in out ? out.conditions : {}, null, 2));
            }}
            data-testid="condition-set-as-json"
          >
            Edit as JSON
          </button>
        ) : (
          <button
            type="button"
            className="button button-small button-quiet"
            onClick={() => {
              const parsed = parseAttributes(json);
              const g = "value" in parsed ? toGroup(parsed.value) : undefined;
              if (!g) {
                form.setErrors({
                  conditions:
                    "These conditions don't fit the rows (nesting, not, refs…): keep editing them as JSON.",
                });
                return;
              }
              setGroup(g);
              setJson(undefined);
              form.setErrors({});
            }}
            data-testid="condition-set-as-rows"
          >
            Edit as rows
          </button>
        )}
      </fieldset>
      <FieldError id={ids.formErr} message={form.errors.form} testId="condition-set-error" />
      <div className="form-actions">
        <button type="button" className="button" onClick={() => onDone(false)}>
          Cancel
        </button>
        <button
          type="submit"
          className="button button-primary"
          disabled={form.busy}
          data-testid="condition-set-submit"
        >
          {editing ? "Save" : `Create ${kind}`}
        </button>
      </div>
    </form>
  );
}
