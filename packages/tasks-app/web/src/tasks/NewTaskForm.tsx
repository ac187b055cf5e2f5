import { type FormEvent, useId, useRef, useState } from "react";
import { PlusIcon } from "../components/icons.tsx";

export const MAX_TITLE = 200;
/** From here on the form shows how many characters are left. */
export const COUNT_FROM = 150;

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
  const countId = useId();
  const counting = allowed && title.length >= COUNT_FROM;
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
          aria-describedby={allowed ? countId : reasonId}
          dir="auto"
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
          <span className="button-text">Add task</span>
        </button>
      </div>
      {!allowed && (
        <p id={reasonId} className="field-hint" data-testid="new-task-denied">
          {reason}
        </p>
      )}
      <TitleCount id={countId} length={title.length} shown={counting} />
    </form>
  );
}

/**
 * Characters used of the limit, once a title gets long (the input stops at the limit, so without this
 * the end of a long paste would vanish unnoticed). Always in the page, so screen readers announce it.
 */
export function TitleCount({ id, length, shown }: { id: string; length: number; shown: boolean }) {
  const full = length >= MAX_TITLE;
  return (
    <p
      id={id}
      className={`field-hint title-count${full ? " title-count-full" : ""}`}
      aria-live="polite"
      data-testid="title-count"
      hidden={!shown}
    >
      {shown &&
        (full
          ? `${length} / ${MAX_TITLE} characters — that's the limit.`
          : `${length} / ${MAX_TITLE} characters`)}
    </p>
  );
}
