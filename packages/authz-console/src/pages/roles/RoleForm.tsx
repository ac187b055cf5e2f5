import { useNotices } from "@tollgate/web-ui";
import { type FormEvent, useId, useState } from "react";
import { ApiError, seg } from "../../api/client.ts";
import { describeError } from "../../api/errors.ts";
import type { Role } from "../../api/types.ts";
import { NameAndKeyFields, TextField, useNameAndKey } from "../../components/fields.tsx";
import { cycleIfExtends, cycleIfParents } from "../../model/hierarchy.ts";
import { useConsole } from "../../state/console-context.ts";
import { usePolicy } from "../../state/policy-store.tsx";

interface RoleFormProps {
  /** The role being edited; a new one when absent. */
  role?: Role;
  onDone(): void;
}

/**
 * Creates or edits a role: name, description and the roles it extends. Parents that would close a
 * cycle can't be chosen (the path is shown); the service's own 400 is shown if it still happens
 * (someone changed the hierarchy meanwhile).
 */
export function RoleForm({ role, onDone }: RoleFormProps) {
  const { api } = useConsole();
  const { roles, noteWrite, reload } = usePolicy();
  const notices = useNotices();
  const fields = useNameAndKey(role?.name ?? "", role?.key);
  const name = fields.name;
  const [description, setDescription] = useState(role?.description ?? "");
  const [parents, setParents] = useState<string[]>(role?.extends ?? []);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const ids = { error: useId(), extends: useId() };
  const roleKey = fields.key;
  const names = new Map(roles.map((r) => [r.key, r.name]));
  const candidates = roles.filter((r) => r.key !== role?.key);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const cycle = cycleIfParents(roles, roleKey, parents);
    if (cycle) {
      setError(`That would make a cycle in the role hierarchy: ${cycle.join(" → ")}.`);
      return;
    }
    setBusy(true);
    setError(undefined);
    const body = { name: name.trim(), description: description.trim() || undefined, extends: parents };
    try {
      const res = role
        ? await api.request<Role>("PATCH", api.schema(`/roles/${seg(role.key)}`), body)
        : await api.request<Role>("POST", api.schema("/roles"), { key: roleKey, ...body, permissions: [] });
      noteWrite(res.version);
      await reload();
      notices.success(role ? `Role “${body.name}” saved.` : `Role “${body.name}” created.`);
      onDone();
    } catch (err) {
      const message =
        err instanceof ApiError && err.status === 400
          ? `The service refused: ${err.message}. Nothing was changed.`
          : describeError(err, role ? `save role ${role.key}` : "create the role");
      setError(message);
      setBusy(false);
    }
  };

  return (
    <form
      className="card form-grid"
      onSubmit={submit}
      aria-label={role ? `Edit role ${role.name}` : "New role"}
      aria-describedby={error ? ids.error : undefined}
      data-testid="role-form"
    >
      <h2 className="card-title">{role ? `Edit ${role.name}` : "New role"}</h2>
      <NameAndKeyFields fields={fields} testIdPrefix="role" editing={role !== undefined} />
      <TextField
        label="Description"
        value={description}
        onChange={setDescription}
        maxLength={2048}
        wide
        testId="role-description"
      />
      <fieldset className="field-wide checks" data-testid="role-extends">
        <legend>Extends: inherits every permission of</legend>
        {candidates.length === 0 && <p className="muted">No other roles yet.</p>}
        {candidates.map((c) => {
          const cycle = cycleIfExtends(roles, roleKey, c.key);
          const noteId = `${ids.extends}-cycle-${c.key}`;
          return (
            <div key={c.key} className="check">
              <input
                type="checkbox"
                id={`${ids.extends}-extends-${c.key}`}
                checked={parents.includes(c.key)}
                disabled={cycle !== undefined && !parents.includes(c.key)}
                aria-describedby={cycle ? noteId : undefined}
                onChange={(e) =>
                  setParents((p) => (e.target.checked ? [...p, c.key] : p.filter((k) => k !== c.key)))
                }
                data-testid={`extends-${c.key}`}
              />
              <label htmlFor={`${ids.extends}-extends-${c.key}`}>
                {c.name} <code>{c.key}</code>
              </label>
              {cycle && (
                <span id={noteId} className="hint hint-warn" data-testid={`extends-cycle-${c.key}`}>
                  would make a cycle: {cycle.map((k) => names.get(k) ?? k).join(" → ")}
                </span>
              )}
            </div>
          );
        })}
      </fieldset>
      <div id={ids.error} role="alert" className="form-error field-wide" data-testid="role-form-error">
        {error}
      </div>
      <div className="form-actions">
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy} data-testid="role-save">
          {busy ? "Saving…" : role ? "Save role" : "Create role"}
        </button>
      </div>
    </form>
  );
}
