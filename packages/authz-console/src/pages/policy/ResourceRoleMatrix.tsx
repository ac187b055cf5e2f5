import { useNotices } from "@tollgate/web-ui";
import { useState } from "react";
import { seg } from "../../api/client.ts";
import type { Resource } from "../../api/types.ts";
import { useConsole } from "../../state/console-context.ts";
import { messageOf, useResourceRebac } from "../../state/rebac-schema.ts";
import { moveFocus } from "./Matrix.tsx";

/**
 * One resource's roles held on instances (`document#editor`) across, its actions down, as in Permit's
 * editor: a checkbox saves at once. Nothing shows for a resource without resource roles.
 */
export function ResourceRoleMatrix({ resource }: { resource: Resource }) {
  const { api } = useConsole();
  const notices = useNotices();
  const rebac = useResourceRebac(resource.key);
  const [pending, setPending] = useState<ReadonlyMap<string, boolean>>(new Map());
  const roles = rebac.data?.roles ?? [];
  if (roles.length === 0) return null;
  const actions = Object.values(resource.actions);

  const toggle = async (role: string, action: string, granted: boolean) => {
    const id = `${role}|${action}`;
    setPending((p) => new Map(p).set(id, granted));
    try {
      await api.request(
        granted ? "POST" : "DELETE",
        api.schema(`/resources/${seg(resource.key)}/roles/${seg(role)}/permissions`),
        { permissions: [action] },
      );
      rebac.setData(
        (d) =>
          d && {
            ...d,
            roles: d.roles.map((r) =>
              r.key !== role
                ? r
                : {
                    ...r,
                    permissions: granted
                      ? [...(r.permissions ?? []), action]
                      : (r.permissions ?? []).filter((p) => p !== action),
                  },
            ),
          },
      );
      notices.success(`${resource.key}#${role} ${granted ? "now has" : "no longer has"} ${action}.`);
    } catch (err) {
      notices.error(`Could not change ${resource.key}#${role}: ${messageOf(err)}`);
    } finally {
      setPending((p) => {
        const next = new Map(p);
        next.delete(id);
        return next;
      });
    }
  };

  return (
    <div className="matrix-scroll rebac-matrix">
      <table className="matrix" data-testid={`resource-role-matrix-${resource.key}`}>
        <caption className="rebac-matrix-caption">
          {resource.name} <code>{resource.key}</code>: roles held on one instance
        </caption>
        <thead>
          <tr>
            <th scope="col" className="matrix-corner">
              Action
            </th>
            {roles.map((r) => (
              <th scope="col" key={r.key} className="matrix-role">
                <span className="matrix-role-name">{r.name}</span>
                <code>
                  {resource.key}#{r.key}
                </code>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {actions.map((a, row) => (
            <tr key={a.key}>
              <th scope="row" className="matrix-action">
                {a.name}
                {a.name !== a.key && <code>{a.key}</code>}
              </th>
              {roles.map((r, col) => {
                const wanted = pending.get(`${r.key}|${a.key}`);
                const granted = wanted ?? (r.permissions ?? []).includes(a.key);
                return (
                  <td key={r.key} className={`matrix-cell${wanted !== undefined ? " cell-pending" : ""}`}>
                    <input
                      type="checkbox"
                      checked={granted}
                      disabled={wanted !== undefined}
                      aria-label={`${resource.key}#${r.key}: ${a.name}`}
                      data-row={row}
                      data-col={col}
                      data-testid={`rperm:${resource.key}#${r.key}:${a.key}`}
                      onKeyDown={moveFocus}
                      onChange={(e) => void toggle(r.key, a.key, e.target.checked)}
                    />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
