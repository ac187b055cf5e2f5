import { type ReactNode, useId, useState } from "react";
import { KEY_HINT, KEY_PATTERN, keyFromName } from "./forms.ts";

interface TextFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  testId: string;
  /** A sentence under the input, announced with it. */
  hint?: ReactNode;
  required?: boolean;
  maxLength?: number;
  pattern?: string;
  /** Keys and lists: no spell-checking squiggles. */
  code?: boolean;
  /** Spans the form's full width. */
  wide?: boolean;
}

/** One labelled text input (with an optional hint), the building block of every console form. */
export function TextField({
  label,
  value,
  onChange,
  testId,
  hint,
  required,
  maxLength,
  pattern,
  code,
  wide,
}: TextFieldProps) {
  const id = useId();
  const hintId = useId();
  return (
    <div className={wide ? "field field-wide" : "field"}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required={required}
        maxLength={maxLength}
        pattern={pattern}
        spellCheck={code ? false : undefined}
        aria-describedby={hint ? hintId : undefined}
        data-testid={testId}
      />
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
    </div>
  );
}

/**
 * A name and the key it suggests: the key follows the name until the user types a key of their own.
 * With `fixedKey` (editing an existing object) the key is that and cannot change.
 */
export function useNameAndKey(initialName = "", fixedKey?: string) {
  const [name, setName] = useState(initialName);
  const [typedKey, setTypedKey] = useState<string | undefined>(undefined);
  return {
    name,
    setName,
    key: fixedKey ?? typedKey ?? keyFromName(name),
    setKey: setTypedKey,
    reset() {
      setName("");
      setTypedKey(undefined);
    },
  };
}

/** The name and key inputs of a new object (only the name when editing one). */
export function NameAndKeyFields({
  fields,
  testIdPrefix,
  editing,
}: {
  fields: ReturnType<typeof useNameAndKey>;
  testIdPrefix: string;
  editing?: boolean;
}) {
  return (
    <>
      <TextField
        label="Name"
        value={fields.name}
        onChange={fields.setName}
        required
        maxLength={256}
        testId={`${testIdPrefix}-name`}
      />
      {!editing && (
        <TextField
          label="Key"
          value={fields.key}
          onChange={fields.setKey}
          required
          pattern={KEY_PATTERN}
          maxLength={128}
          code
          hint={KEY_HINT}
          testId={`${testIdPrefix}-key`}
        />
      )}
    </>
  );
}
