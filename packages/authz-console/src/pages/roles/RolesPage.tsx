import { ConfirmDialog } from "@tollgate/web-ui";
import { useMemo, useState } from "react";
import { seg } from "../../api/client.ts";
import type { Paginated, Role } from "../../api/types.ts";
import { LoadState } from "../../components/LoadState.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { inheritedPermissions } from "../../model/hierarchy.ts";
import { useConsole } from "../../state/console-context.ts";
import { usePolicy } from "../../state/policy-store.tsx";
import { useWrite } from "../../state/use-write.ts";
import { RoleForm } from "./RoleForm.tsx";

type Editing = { kind: "new" } | { kind: "edit"; key: string } | undefined;

/** Roles: what each grants directly and through `extends`; create, edit, delete. */
export function RolesPage() {
  const { api } = useConsole();
  const { roles, loaded, error, reload } = usePolicy();
  const write = useWrite();
  const [editing, setEditing] = useState<Editing>(undefined);
  const [deleting, setDeleting] = useState<{ role: Role; assignments: number | undefined } | undefined>();
  const [busy, setBusy] = useState(false);
  const inherited = useMemo(() => inheritedPermissions(roles), [roles]);
  const names = new Map(roles.map((r) => [r.key, r.name]));

  const askDelete = async (role: Role) => {
    setDeleting({ role, assignments: undefined });
    try {
      const page = await api.get<Paginated<unknown>>(api.facts("/role_assignments"), {
        role: role.key,
        per_page: 1,
        include_total_count: true,
      });
      setDeleting((d) => (d?.role.key === role.key ? { role, assignments: page.total_count } : d));
    } catch {
      // the dialog says "its assignments" without a number
    }
  };

  const remove = async (role: Role) => {
    setBusy(true);
    await write(
      { what: `delete role ${role.key}`, done: `Role “${role.name}” deleted.`, refreshPolicy: true },
      (a) => a.request("DELETE", a.schema(`/roles/${seg(role.key)}`)),
    );
    setBusy(false);
    setDeleting(undefined);
  };

  const heirs = deleting ? roles.filter((r) => r.extends.includes(deleting.role.key)) : [];

  return (
    <>
      <PageHeader
        title="Roles"
        actions={
          <button
            type="button"
            className="button button-primary"
            onClick={() => setEditing({ kind: "new" })}
            disabled={editing?.kind === "new"}
            data-testid="role-new"
          >
            New role
          </button>
        }
      >
        A role is a set of permissions; a role that extends another inherits all of its permissions.
      </PageHeader>
      <LoadState loading={!loaded} error={error} what="roles" onRetry={() => void reload()} />
      {editing?.kind === "new" && <RoleForm onDone={() => setEditing(undefined)} />}
      {loaded && roles.length === 0 && <p className="empty">No roles yet.</p>}
      <ul className="card-list" data-testid="role-list">
        {roles.map((role) => {
          const via = inherited.get(role.key) ?? new Map<string, string>();
          const inheritedOnly = [...via.keys()].filter((p) => !role.permissions.includes(p));
          if (editing?.kind === "edit" && editing.key === role.key) {
            return (
              <li key={role.key}>
                <RoleForm role={role} onDone={() => setEditing(undefined)} />
              </li>
            );
          }
          return (
            <li key={role.key} className="card role-card" data-testid={`role-${role.key}`}>
              <div className="card-head">
                <h2 className="card-title">
                  {role.name} <code>{role.key}</code>
                </h2>
                <div className="item-actions">
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => setEditing({ kind: "edit", key: role.key })}
                    aria-label={`Edit role ${role.name}`}
                    data-testid="role-edit"
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="button button-small button-danger-quiet"
                    onClick={() => void askDelete(role)}
                    aria-label={`Delete role ${role.name}`}
                    data-testid="role-delete"
                  >
                    Delete
                  </button>
                </div>
              </div>
              {role.description && <p className="muted">{role.description}</p>}
              <dl className="facts">
                <div>
                  <dt>Extends</dt>
                  <dd data-testid="role-extends-list">
                    {role.extends.length === 0 ? "—" : role.extends.map((k) => names.get(k) ?? k).join(", ")}
                  </dd>
                </div>
                <div>
                  <dt>Permissions</dt>
                  <dd>
                    {role.permissions.length} granted
                    {inheritedOnly.length > 0 && `, ${inheritedOnly.length} more inherited`}
                  </dd>
                </div>
              </dl>
              {role.permissions.length + inheritedOnly.length > 0 && (
                <ul className="chips" aria-label={`Permissions of ${role.name}`}>
                  {role.permissions.map((p) => (
                    <li key={p} className="chip">
                      {p}
                    </li>
                  ))}
                  {inheritedOnly.map((p) => (
                    <li key={p} className="chip chip-inherited">
                      {p} <span className="visually-hidden">inherited</span>
                      <span aria-hidden="true">↑</span>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
      <ConfirmDialog
        open={deleting !== undefined}
        title={`Delete role “${deleting?.role.name ?? ""}”?`}
        confirmLabel="Delete role"
        busy={busy}
        onCancel={() => setDeleting(undefined)}
        onConfirm={() => deleting && void remove(deleting.role)}
      >
        <p data-testid="role-delete-assignments">
          {deleting?.assignments === undefined
            ? "Every assignment of this role is removed with it."
            : `${deleting.assignments.toLocaleString("en-US")} role assignment(s) are removed with it.`}
        </p>
        {heirs.length > 0 && (
          <p>
            {heirs.map((r) => r.name).join(", ")} will stop inheriting its{" "}
            {deleting?.role.permissions.length ?? 0} permission(s).
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}
