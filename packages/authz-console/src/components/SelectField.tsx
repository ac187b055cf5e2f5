import { useId } from "react";
import { FieldError } from "./FieldError.tsx";

/** One choice of a select: its value and the words shown for it. */
export interface Choice {
  value: string;
  label: string;
}

/** Keyed objects as choices, shown as "Name (key)" (how the console names a resource, role or tenant). */
export function namedChoices(items: readonly { key: string; name: string }[]): Choice[] {
  return items.map((i) => ({ value: i.key, label: `${i.name} (${i.key})` }));
}

/** Keyed objects as choices shown by one field (their key or their name). */
export function choicesBy<T extends { key: string }>(
  items: readonly T[],
  label: (item: T) => string,
): Choice[] {
  return items.map((i) => ({ value: i.key, label: label(i) }));
}

interface SelectFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  choices: readonly Choice[];
  testId: string;
  /** A first choice with the empty value, for filters ("All types"). */
  anyLabel?: string;
  disabled?: boolean;
  /** The service's refusal for this field, shown under it and announced with it. */
  error?: string | undefined;
  errorTestId?: string;
}

/** One labelled select of a console form or filter (with its field error, when the form has one). */
export function SelectField({
  label,
  value,
  onChange,
  choices,
  testId,
  anyLabel,
  disabled,
  error,
  errorTestId,
}: SelectFieldProps) {
  const id = useId();
  const errorId = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        data-testid={testId}
      >
        {anyLabel !== undefined && <option value="">{anyLabel}</option>}
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
      {errorTestId && <FieldError id={errorId} message={error} testId={errorTestId} />}
    </div>
  );
}
