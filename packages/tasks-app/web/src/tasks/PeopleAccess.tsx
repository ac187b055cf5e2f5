import type { PoolUser, TaskShare } from "@tollgate/contracts";
import { type FormEvent, useId } from "react";

/** The test ids one use of these components answers to (the share and the project dialogs differ). */
export interface AccessTestIds {
  user: string;
  role: string;
  submit: string;
  list: string;
  row: string;
  remove: string;
}

/**
 * Adds a person by e-mail with a role: the form both the task's share dialog and a project's members
 * dialog show. `people` fills the e-mail field's suggestions (left empty where the viewer may not list
 * the team; an address can always be typed).
 */
export function AddPersonForm<Role extends string>({
  label,
  roleLabel,
  roles,
  role,
  onRole,
  who,
  onWho,
  people = [],
  busy = false,
  submitLabel,
  busyLabel,
  onSubmit,
  testIds,
}: {
  label: string;
  roleLabel: string;
  roles: readonly { value: Role; label: string }[];
  role: Role;
  onRole(role: Role): void;
  who: string;
  onWho(who: string): void;
  people?: readonly PoolUser[];
  busy?: boolean;
  submitLabel: string;
  busyLabel: string;
  onSubmit(event: FormEvent): void;
  testIds: Pick<AccessTestIds, "user" | "role" | "submit">;
}) {
  const pickerId = useId();
  const roleId = useId();
  const listId = useId();
  return (
    <form className="share-form" onSubmit={onSubmit} aria-label={label}>
      <label htmlFor={pickerId} className="field-label">
        Person (e-mail)
      </label>
      <input
        id={pickerId}
        className="input"
        list={people.length > 0 ? listId : undefined}
        value={who}
        onChange={(e) => onWho(e.target.value)}
        placeholder="colleague@example.com"
        autoComplete="off"
        data-testid={testIds.user}
      />
      {people.length > 0 && (
        <datalist id={listId}>
          {people.map((p) => (
            <option key={p.sub} value={p.email}>
              {p.name || p.email}
            </option>
          ))}
        </datalist>
      )}
      <label htmlFor={roleId} className="field-label">
        {roleLabel}
      </label>
      <select
        id={roleId}
        className="input"
        value={role}
        onChange={(e) => onRole(e.target.value as Role)}
        data-testid={testIds.role}
      >
        {roles.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
      </select>
      <button
        type="submit"
        className="button button-primary"
        disabled={busy || !who.trim()}
        data-testid={testIds.submit}
      >
        {busy ? busyLabel : submitLabel}
      </button>
    </form>
  );
}

/** Who holds which role, each with a remove button where `canRemove` allows; "Loading…" until read. */
export function AccessList({
  entries,
  nameOf,
  roleLabels,
  canRemove,
  onRemove,
  testIds,
}: {
  entries: readonly TaskShare[] | null;
  nameOf(entry: TaskShare): string;
  roleLabels: Readonly<Record<string, string>>;
  canRemove(entry: TaskShare): boolean;
  onRemove(sub: string): void;
  testIds: Pick<AccessTestIds, "list" | "row" | "remove">;
}) {
  if (entries === null) return <p className="muted">Loading…</p>;
  return (
    <ul className="share-list" data-testid={testIds.list}>
      {entries.map((entry) => (
        <li
          key={`${entry.sub}:${entry.role}`}
          className="share-row"
          data-testid={testIds.row}
          data-role={entry.role}
        >
          <span dir="auto">{nameOf(entry)}</span>
          <span className="muted">{roleLabels[entry.role] ?? entry.role}</span>
          {canRemove(entry) && (
            <button
              type="button"
              className="button button-quiet button-small button-danger-quiet"
              onClick={() => onRemove(entry.sub)}
              aria-label={`Remove access for ${nameOf(entry)}`}
              data-testid={testIds.remove}
            >
              Remove
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
