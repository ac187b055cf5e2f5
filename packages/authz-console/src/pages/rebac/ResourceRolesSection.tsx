import { ConfirmDialog, useNotices } from "@tollgate/web-ui";
import { type FormEvent, useId, useState } from "react";
import { seg } from "../../api/client.ts";
import type { Relation, ResourceRole } from "../../api/rebac-types.ts";
import type { Resource } from "../../api/types.ts";
import { FieldError, useFieldErrors } from "../../components/FieldError.tsx";
import { KEY_HINT, KEY_PATTERN, keyFromName } from "../../components/forms.ts";
import { useConsole } from "../../state/console-context.ts";
import { messageOf } from "../../state/rebac-schema.ts";
import { DerivationList } from "./DerivationList.tsx";
import { PermissionChecks } from "./PermissionChecks.tsx";

const roleFieldOf = (m: string) =>
  /permission|action/i.test(m) ? "permissions" : /key|exist|duplicate/i.test(m) ? "key" : "form";

/** A resource's roles, each held on one instance: their permissions and how they are derived. */
export function ResourceRolesSection({
  resource,
  roles,
  relations,
  onChanged,
}: {
  resource: Resource;
  roles: ResourceRole[];
  relations: Relation[];
  onChanged(): void;
}) {
  return (
    <section className="subsection" aria-label={`Resource roles of ${resource.name}`}>
      <h3>Resource roles</h3>
      {roles.length === 0 ? (
        <p className="muted">No resource roles: roles held on one {resource.name.toLowerCase()} go here.</p>
      ) : (
        <ul className="rebac-roles" data-testid={`resource-roles-${resource.key}`}>
          {roles.map((r) => (
            <ResourceRoleItem
              key={r.key}
              resource={resource}
              role={r}
              relations={relations}
              onChanged={onChanged}
            />
          ))}
        </ul>
      )}
      <NewResourceRoleForm resource={resource} taken={roles.map((r) => r.key)} onCreated={onChanged} />
    </section>
  );
}

function ResourceRoleItem({
  resource,
  role,
  relations,
  onChanged,
}: {
  resource: Resource;
  role: ResourceRole;
  relations: Relation[];
  onChanged(): void;
}) {
  const { api } = useConsole();
  const notices = useNotices();
  const [editing, setEditing] = useState(false);
  const [picked, setPicked] = useState<string[]>(role.permissions ?? []);
  const [deleting, setDeleting] = useState(false);
  const form = useFieldErrors<"permissions">(() => "permissions");
  const errorId = useId();
  const path = api.schema(`/resources/${seg(resource.key)}/roles/${seg(role.key)}`);
  const label = `${resource.key}#${role.key}`;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await form.run(() => api.request("PATCH", path, { permissions: picked }));
    if (ok) {
      notices.success(`Permissions of ${label} saved.`);
      setEditing(false);
      onChanged();
    }
  };

  const remove = async () => {
    try {
      await api.request("DELETE", path);
      notices.success(`Resource role ${label} deleted.`);
      onChanged();
    } catch (err) {
      notices.error(`Could not delete ${label}: ${messageOf(err)}`);
    }
    setDeleting(false);
  };

  return (
    <li className="rebac-role" data-testid={`resource-role-${resource.key}-${role.key}`}>
      <div className="rebac-role-head">
        <span className="item-main">
          <strong>{role.name}</strong> <code>{label}</code>
        </span>
        <span className="item-actions">
          <button
            type="button"
            className="button button-small"
            aria-expanded={editing}
            aria-label={`Edit permissions of ${label}`}
            data-testid="resource-role-edit"
            onClick={() => {
              setPicked(role.permissions ?? []);
              form.setErrors({});
              setEditing((e) => !e);
            }}
          >
            {editing ? "Cancel" : "Permissions"}
          </button>
          <button
            type="button"
            className="button button-small button-danger-quiet"
            aria-label={`Delete resource role ${label}`}
            data-testid="resource-role-delete"
            onClick={() => setDeleting(true)}
          >
            Delete
          </button>
        </span>
      </div>
      {editing ? (
        <form className="rebac-perm-form" onSubmit={save} aria-label={`Permissions of ${label}`}>
          <PermissionChecks
            resource={resource}
            legend={`What ${label} may do`}
            picked={picked}
            onChange={setPicked}
            describedBy={form.errors.permissions ? errorId : undefined}
            testId={`resource-role-perms-${role.key}`}
          />
          <FieldError id={errorId} message={form.errors.permissions} testId="resource-role-perms-error" />
          <div className="form-actions">
            <button
              type="submit"
              className="button button-small button-primary"
              disabled={form.busy}
              data-testid="resource-role-save"
            >
              Save permissions
            </button>
          </div>
        </form>
      ) : (
        <p className="rebac-perms">
          {(role.permissions ?? []).length === 0 ? (
            <span className="muted">No permissions.</span>
          ) : (
            <>
              <span className="visually-hidden">Permissions: </span>
              {(role.permissions ?? []).map((p) => (
                <span key={p} className="chip" data-testid="resource-role-perm">
                  {p}
                </span>
              ))}
            </>
          )}
        </p>
      )}
      <DerivationList resource={resource} role={role} relations={relations} onChanged={onChanged} />
      <ConfirmDialog
        open={deleting}
        title={`Delete resource role ${label}?`}
        confirmLabel="Delete resource role"
        onCancel={() => setDeleting(false)}
        onConfirm={() => void remove()}
      >
        <p>Everyone who holds it on an instance loses it, and the derivations that name it go with it.</p>
      </ConfirmDialog>
    </li>
  );
}

function NewResourceRoleForm({
  resource,
  taken,
  onCreated,
}: {
  resource: Resource;
  taken: string[];
  onCreated(): void;
}) {
  const { api } = useConsole();
  const notices = useNotices();
  const [name, setName] = useState("");
  const [typedKey, setTypedKey] = useState<string | undefined>(undefined);
  const [picked, setPicked] = useState<string[]>([]);
  const form = useFieldErrors<"key" | "permissions">(roleFieldOf);
  const ids = {
    name: useId(),
    key: useId(),
    keyHint: useId(),
    keyError: useId(),
    permError: useId(),
    formError: useId(),
  };
  const key = typedKey ?? keyFromName(name);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (taken.includes(key)) {
      form.setErrors({ key: `${resource.key} already has a role “${key}”.` });
      return;
    }
    const ok = await form.run(() =>
      api.request("POST", api.schema(`/resources/${seg(resource.key)}/roles`), {
        key,
        name: name.trim(),
        permissions: picked,
      }),
    );
    if (ok) {
      notices.success(`Resource role ${resource.key}#${key} created.`);
      setName("");
      setTypedKey(undefined);
      setPicked([]);
      onCreated();
    }
  };

  return (
    <form
      className="rebac-form"
      onSubmit={submit}
      aria-label={`New resource role of ${resource.name}`}
      data-testid={`new-resource-role-${resource.key}`}
    >
      <div className="rebac-form-row">
        <div className="field">
          <label htmlFor={ids.name}>New role name</label>
          <input
            id={ids.name}
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={256}
            data-testid="new-resource-role-name"
          />
        </div>
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
            aria-describedby={form.errors.key ? `${ids.keyError} ${ids.keyHint}` : ids.keyHint}
            data-testid="new-resource-role-key"
          />
          <FieldError id={ids.keyError} message={form.errors.key} testId="new-resource-role-key-error" />
          <p id={ids.keyHint} className="hint">
            {KEY_HINT}
          </p>
        </div>
      </div>
      <PermissionChecks
        resource={resource}
        legend="Permissions"
        picked={picked}
        onChange={setPicked}
        describedBy={form.errors.permissions ? ids.permError : undefined}
        testId={`new-resource-role-perms-${resource.key}`}
      />
      <FieldError
        id={ids.permError}
        message={form.errors.permissions}
        testId="new-resource-role-perms-error"
      />
      <FieldError id={ids.formError} message={form.errors.form} testId="new-resource-role-error" />
      <div className="form-actions">
        <button
          type="submit"
          className="button button-small"
          disabled={form.busy}
          data-testid="new-resource-role-submit"
        >
          Add resource role
        </button>
      </div>
    </form>
  );
}
