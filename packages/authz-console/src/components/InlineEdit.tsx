import { type FormEvent, useEffect, useId, useRef, useState } from "react";

interface InlineEditProps {
  /** The visible label, e.g. "Name of Task". */
  label: string;
  value: string;
  testId: string;
  onSave(value: string): Promise<boolean>;
  onDone(): void;
}

/** A one-field form that replaces a name while it is being renamed. Escape cancels. */
export function InlineEdit({ label, value, testId, onSave, onDone }: InlineEditProps) {
  const [text, setText] = useState(value);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.select();
  }, []);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === value) return onDone();
    setBusy(true);
    const ok = await onSave(text.trim());
    setBusy(false);
    if (ok) onDone();
  };
  return (
    <form className="inline-edit" onSubmit={submit} data-testid={`${testId}-form`}>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input
        ref={input}
        id={id}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            onDone();
          }
        }}
        required
        maxLength={256}
        data-testid={`${testId}-input`}
      />
      <button
        type="submit"
        className="button button-small button-primary"
        disabled={busy}
        data-testid={`${testId}-save`}
      >
        Save
      </button>
      <button type="button" className="button button-small" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}
