import { type FormEvent, useId, useRef, useState } from "react";
import { PlusIcon } from "../components/icons.tsx";

const MAX_TITLE = 200;

/**
 * The add-a-task form. It clears as soon as the task is sent (the list already shows it) and puts
 * the text back if the server refuses, so nothing typed is lost.
 */
export function NewTaskForm({
  allowed,
  onCreate,
}: {
  allowed: boolean;
  onCreate(title: string): Promise<boolean>;
}) {
  const [title, setTitle] = useState("");
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const reasonId = useId();
  const trimmed = title.trim();
  const reason = "You don't have permission to add tasks (task:create).";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!allowed || !trimmed) return;
    setTitle("");
    input.current?.focus();
    const ok = await onCreate(trimmed);
    if (!ok) setTitle((current) => current || trimmed);
  };

  return (
    <form className="new-task card" onSubmit={submit} data-testid="new-task-form" aria-label="Add a task">
      <label htmlFor={inputId} className="field-label">
        Add a task
      </label>
      <div className="new-task-row">
        <input
          ref={input}
          id={inputId}
          className="input"
          type="text"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          placeholder={allowed ? "What needs doing?" : "Adding tasks isn't part of your role"}
          maxLength={MAX_TITLE}
          autoComplete="off"
          disabled={!allowed}
          title={allowed ? undefined : reason}
          aria-describedby={allowed ? undefined : reasonId}
          data-testid="new-task-input"
        />
        <button
          type="submit"
          className="button button-primary"
          disabled={!allowed || !trimmed}
          title={allowed ? undefined : reason}
          data-testid="new-task-submit"
        >
          <PlusIcon />
          Add task
        </button>
      </div>
      {!allowed && (
        <p id={reasonId} className="field-hint" data-testid="new-task-denied">
          {reason}
        </p>
      )}
      {allowed && title.length >= MAX_TITLE && (
        <p className="field-hint">Titles can be at most {MAX_TITLE} characters.</p>
      )}
    </form>
  );
}
