import { useId } from "react";
import { FieldError } from "../../components/FieldError.tsx";
import {
  type ConditionGroup,
  type ConditionRow,
  operatorsFor,
  type RowErrors,
  takesList,
} from "../../model/conditions.ts";

export interface AttributeChoice {
  /** `user.dept` */
  path: string;
  type: string;
}

/** "All of" / "any of" the rows; each row an attribute, an operator that fits its type, and a value. */
export function ConditionRows({
  group,
  onChange,
  attributes,
  errors,
}: {
  group: ConditionGroup;
  onChange(group: ConditionGroup): void;
  attributes: AttributeChoice[];
  errors: RowErrors[];
}) {
  const modeId = useId();
  const setRow = (i: number, row: ConditionRow) =>
    onChange({ ...group, rows: group.rows.map((r, j) => (j === i ? row : r)) });
  return (
    <div className="cond-rows" data-testid="condition-rows">
      <div className="field field-inline">
        <label htmlFor={modeId}>Match</label>
        <select
          id={modeId}
          value={group.mode}
          onChange={(e) => onChange({ ...group, mode: e.target.value as ConditionGroup["mode"] })}
          data-testid="condition-mode"
        >
          <option value="allOf">all of these conditions</option>
          <option value="anyOf">any of these conditions</option>
        </select>
      </div>
      {group.rows.length === 0 && <p className="muted">No conditions: the set matches everyone.</p>}
      <ol className="cond-list">
        {group.rows.map((row, i) => (
          <Row
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
            key={i}
            index={i}
            row={row}
            attributes={attributes}
            errors={errors[i] ?? {}}
            onChange={(r) => setRow(i, r)}
            onRemove={() => onChange({ ...group, rows: group.rows.filter((_, j) => j !== i) })}
          />
        ))}
      </ol>
      <button
        type="button"
        className="button button-small"
        data-testid="condition-add-row"
        disabled={attributes.length === 0}
        onClick={() => {
          const first = attributes[0];
          if (!first) return;
          onChange({
            ...group,
            rows: [
              ...group.rows,
              { attribute: first.path, operator: operatorsFor(first.type)[0] ?? "equals", value: "" },
            ],
          });
        }}
      >
        Add condition
      </button>
      {attributes.length === 0 && (
        <p className="hint">
          Define attributes first (user attributes below, resource attributes on the Schema page).
        </p>
      )}
    </div>
  );
}

function Row({
  index,
  row,
  attributes,
  errors,
  onChange,
  onRemove,
}: {
  index: number;
  row: ConditionRow;
  attributes: AttributeChoice[];
  errors: RowErrors;
  onChange(row: ConditionRow): void;
  onRemove(): void;
}) {
  const ids = {
    attr: useId(),
    op: useId(),
    value: useId(),
    attrErr: useId(),
    opErr: useId(),
    valueErr: useId(),
  };
  const type = attributes.find((a) => a.path === row.attribute)?.type;
  const ops = operatorsFor(type);
  const n = index + 1;
  return (
    <li className="cond-row" data-testid="condition-row">
      <div className="field">
        <label htmlFor={ids.attr}>Attribute {n}</label>
        <select
          id={ids.attr}
          value={row.attribute}
          onChange={(e) => {
            const t = attributes.find((a) => a.path === e.target.value)?.type;
            const keep = operatorsFor(t).includes(row.operator);
            onChange({
              ...row,
              attribute: e.target.value,
              operator: keep ? row.operator : (operatorsFor(t)[0] ?? "equals"),
            });
          }}
          aria-invalid={errors.attribute ? true : undefined}
          aria-describedby={errors.attribute ? ids.attrErr : undefined}
          data-testid="condition-attribute"
        >
          {!attributes.some((a) => a.path === row.attribute) && (
            <option value={row.attribute}>{row.attribute}</option>
          )}
          {attributes.map((a) => (
            <option key={a.path} value={a.path}>
              {a.path} ({a.type})
            </option>
          ))}
        </select>
        <FieldError id={ids.attrErr} message={errors.attribute} testId="condition-attribute-error" />
      </div>
      <div className="field">
        <label htmlFor={ids.op}>Operator {n}</label>
        <select
          id={ids.op}
          value={row.operator}
          onChange={(e) => onChange({ ...row, operator: e.target.value })}
          aria-invalid={errors.operator ? true : undefined}
          aria-describedby={errors.operator ? ids.opErr : undefined}
          data-testid="condition-operator"
        >
          {!ops.includes(row.operator) && <option value={row.operator}>{row.operator}</option>}
          {ops.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
        <FieldError id={ids.opErr} message={errors.operator} testId="condition-operator-error" />
      </div>
      <div className="field">
        <label htmlFor={ids.value}>Value {n}</label>
        {type === "bool" && !takesList(row.operator) ? (
          <select
            id={ids.value}
            value={row.value}
            onChange={(e) => onChange({ ...row, value: e.target.value })}
            aria-invalid={errors.value ? true : undefined}
            aria-describedby={errors.value ? ids.valueErr : undefined}
            data-testid="condition-value"
          >
            <option value="">(choose)</option>
            <option value="true">true</option>
            <option value="false">false</option>
          </select>
        ) : (
          <input
            id={ids.value}
            value={row.value}
            onChange={(e) => onChange({ ...row, value: e.target.value })}
            inputMode={type === "number" && !takesList(row.operator) ? "decimal" : undefined}
            placeholder={takesList(row.operator) ? "a, b, c" : undefined}
            spellCheck={false}
            aria-invalid={errors.value ? true : undefined}
            aria-describedby={errors.value ? ids.valueErr : undefined}
            data-testid="condition-value"
          />
        )}
        <FieldError id={ids.valueErr} message={errors.value} testId="condition-value-error" />
      </div>
      <button
        type="button"
        className="button button-small button-danger-quiet cond-remove"
        aria-label={`Remove condition ${n}`}
        onClick={onRemove}
        data-testid="condition-remove-row"
      >
        Remove
      </button>
    </li>
  );
}
