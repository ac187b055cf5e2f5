import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { PencilIcon, TrashIcon } from "../components/icons.tsx";
import { RelativeTime } from "../components/RelativeTime.tsx";
import { COUNT_FROM, MAX_TITLE, TitleCount } from "./NewTaskForm.tsx";
import type { TaskItem } from "./use-tasks.ts";

export interface TaskRowPermissions {
  check: boolean;
  update: boolean;
  delete: boolean;
}

interface TaskRowProps {
  task: TaskItem;
  mySub: string;
  allowed: TaskRowPermissions;
  onToggle(done: boolean): void;
  onRename(title: string): void;
  onDelete(): void;
  /** Opens the share dialog; only given when the user may share this task. */
  onShare?: (() => void) | undefined;
}

/** One task: check it off, rename it in place, or ask to delete it — each only if the role allows. */
export function TaskRow({ task, mySub, allowed, onToggle, onRename, onDelete, onShare }: TaskRowProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(task.title);
  const [invalid, setInvalid] = useState(false);
  const editInput = useRef<HTMLInputElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const checkboxId = useId();
  const editId = useId();
  const errorId = useId();
  const countId = useId();
  const pending = task.pending === true;

  // Losing the permission mid-edit ends the edit: the save would be refused anyway.
  useEffect(() => {
    if (!allowed.update) setEditing(false);
  }, [allowed.update]);

  useEffect(() => {
    if (editing) {
      editInput.current?.focus();
      editInput.current?.select();
    } else if (returnFocus.current) {
      returnFocus.current = false;
      editButton.current?.focus();
    }
  }, [editing]);

  const startEdit = () => {
    setDraft(task.title);
    setInvalid(false);
    setEditing(true);
  };
  const stopEdit = () => {
    returnFocus.current = true;
    setEditing(false);
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    const title = draft.trim();
    if (!title) {
      setInvalid(true);
      editInput.current?.focus();
      return;
    }
    if (title !== task.title) onRename(title);
    stopEdit();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape") {
      event.preventDefault();
      stopEdit();
    }
  };

  const who = task.created_by === mySub ? "you" : (task.created_by_name ?? "a teammate");
  const checkReason = allowed.check
    ? undefined
    : "You don't have permission to check off tasks (task:check).";

  return (
    <li
      className={`task${task.done ? " task-done" : ""}${pending ? " task-pending" : ""}`}
      data-testid="task-row"
      data-task-id={task.id}
      data-done={task.done}
    >
      <span className="task-check" title={checkReason}>
        <input
          id={checkboxId}
          type="checkbox"
          className="checkbox"
          checked={task.done}
          disabled={!allowed.check || pending}
          onChange={(e) => onToggle(e.target.checked)}
          data-testid="task-checkbox"
        />
      </span>
      <div className="task-body">
        <label
          htmlFor={checkboxId}
          className={editing ? "visually-hidden" : "task-title"}
          dir="auto"
          data-testid="task-title"
        >
          {task.title}
        </label>
        {editing && (
          <form className="task-edit" onSubmit={save} data-testid="task-edit-form">
            <label htmlFor={editId} className="visually-hidden">
              New title for “{task.title}”
            </label>
            <input
              ref={editInput}
              id={editId}
              className="input input-compact"
              type="text"
              value={draft}
              maxLength={MAX_TITLE}
              dir="auto"
              autoComplete="off"
              onChange={(e) => {
                setDraft(e.target.value);
                setInvalid(false);
              }}
              onKeyDown={onKeyDown}
              aria-invalid={invalid || undefined}
              aria-describedby={invalid ? `${errorId} ${countId}` : countId}
              data-testid="task-edit-input"
            />
            <button type="submit" className="button button-primary button-small" data-testid="task-edit-save">
              Save
            </button>
            <button
              type="button"
              className="button button-small"
              onClick={stopEdit}
              data-testid="task-edit-cancel"
            >
              Cancel
            </button>
            {invalid && (
              <p id={errorId} className="field-error">
                A task needs a title.
              </p>
            )}
            <TitleCount id={countId} length={draft.length} shown={draft.length >= COUNT_FROM} />
          </form>
        )}
        <p className="task-meta">
          {pending ? (
            "Saving…"
          ) : (
            <>
              Added by{" "}
              <span className="task-author" dir="auto">
                {who}
              </span>{" "}
              <RelativeTime iso={task.created_at} />
              {task.done && <span className="task-state"> · Done</span>}
              {task.confidential && (
                <span className="task-state" data-testid="task-confidential-badge">
                  {" "}
                  · Confidential
                </span>
              )}
            </>
          )}
        </p>
      </div>
      {!editing && (allowed.update || allowed.delete || onShare) && (
        <div className="task-actions">
          {onShare && (
            <button
              type="button"
              className="button button-quiet button-small"
              onClick={onShare}
              disabled={pending}
              aria-label={`Share “${task.title}”`}
              data-testid="task-share"
            >
              <span className="button-text">Share</span>
            </button>
          )}
          {allowed.update && (
            <button
              ref={editButton}
              type="button"
              className="button button-quiet button-small"
              onClick={startEdit}
              disabled={pending}
              aria-label={`Edit “${task.title}”`}
              data-testid="task-edit"
            >
              <PencilIcon />
              <span className="button-text">Edit</span>
            </button>
          )}
          {allowed.delete && (
            <button
              type="button"
              className="button button-quiet button-small button-danger-quiet"
              onClick={onDelete}
              disabled={pending}
              aria-label={`Delete “${task.title}”`}
              data-testid="task-delete"
            >
              <TrashIcon />
              <span className="button-text">Delete</span>
            </button>
          )}
        </div>
      )}
    </li>
  );
}
