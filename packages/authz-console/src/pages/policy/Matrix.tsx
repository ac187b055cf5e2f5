import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import type { Resource, Role } from "../../api/types.ts";
import { cellId } from "./use-permission-toggle.ts";

interface MatrixProps {
  resources: Resource[];
  roles: Role[];
  /** role → permission → the ancestor role it is inherited from. */
  inherited: Map<string, Map<string, string>>;
  pending: ReadonlyMap<string, boolean>;
  onToggle(role: Role, permission: string, granted: boolean): void;
  onInheritedClick(role: Role, permission: string, from: string): void;
}

/** Arrow keys move between the checkboxes like a spreadsheet; Tab still walks through them all. */
export function moveFocus(event: KeyboardEvent<HTMLInputElement>) {
  const moves: Record<string, [number, number]> = {
    ArrowUp: [-1, 0],
    ArrowDown: [1, 0],
    ArrowLeft: [0, -1],
    ArrowRight: [0, 1],
  };
  const move = moves[event.key];
  if (!move) return;
  const row = Number(event.currentTarget.dataset.row);
  const col = Number(event.currentTarget.dataset.col);
  const table = event.currentTarget.closest("table");
  const target = table?.querySelector<HTMLInputElement>(
    `input[data-row="${row + move[0]}"][data-col="${col + move[1]}"]`,
  );
  if (target) {
    event.preventDefault();
    target.focus();
  }
}

/**
 * Whether the box hides columns to its right: on a phone the roles scroll sideways, and a person must
 * see that there is more than the first ones.
 */
function useMoreToTheRight() {
  const box = useRef<HTMLDivElement>(null);
  const [more, setMore] = useState(false);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const update = () => setMore(el.scrollLeft + el.clientWidth < el.scrollWidth - 2);
    update();
    el.addEventListener("scroll", update, { passive: true });
    const observer = new ResizeObserver(update);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => {
      el.removeEventListener("scroll", update);
      observer.disconnect();
    };
  }, []);
  return { box, more };
}

/** Roles across, resources' actions down (grouped by resource); one checkbox per permission. */
export function Matrix({ resources, roles, inherited, pending, onToggle, onInheritedClick }: MatrixProps) {
  const roleNames = new Map(roles.map((r) => [r.key, r.name]));
  const { box, more } = useMoreToTheRight();
  let row = 0;
  return (
    <div className={`matrix-frame${more ? " has-more" : ""}`}>
      <p className="matrix-cue" data-testid="matrix-cue" hidden={!more} aria-hidden="true">
        More roles to the right — scroll sideways →
      </p>
      <div className="matrix-scroll" ref={box}>
        <table className="matrix" data-testid="policy-matrix">
          <caption className="visually-hidden">
            Permissions of each role: one checkbox per resource action. Inherited permissions come from the
            roles a role extends.
          </caption>
          <thead>
            <tr>
              <th scope="col" className="matrix-corner">
                Resource action
              </th>
              {roles.map((role) => (
                <th
                  scope="col"
                  key={role.key}
                  className="matrix-role"
                  data-testid={`matrix-role-${role.key}`}
                >
                  <span className="matrix-role-name">{role.name}</span>
                  <code>{role.key}</code>
                  {role.extends.length > 0 && (
                    <span className="matrix-extends">
                      extends {role.extends.map((k) => roleNames.get(k) ?? k).join(", ")}
                    </span>
                  )}
                </th>
              ))}
            </tr>
          </thead>
          {resources.map((resource) => {
            const actions = Object.values(resource.actions);
            return (
              <tbody key={resource.key} data-testid={`matrix-resource-${resource.key}`}>
                <tr className="matrix-group">
                  <th scope="rowgroup" colSpan={roles.length + 1}>
                    {resource.name} <code>{resource.key}</code>
                  </th>
                </tr>
                {actions.length === 0 && (
                  <tr>
                    <td colSpan={roles.length + 1} className="muted">
                      No actions yet.
                    </td>
                  </tr>
                )}
                {actions.map((action) => {
                  const permission = `${resource.key}:${action.key}`;
                  const r = row++;
                  return (
                    <tr key={action.key}>
                      <th scope="row" className="matrix-action">
                        {action.name}
                        {action.name !== action.key && <code>{action.key}</code>}
                      </th>
                      {roles.map((role, col) => {
                        const id = cellId(role.key, permission);
                        const wanted = pending.get(id);
                        const direct = wanted ?? role.permissions.includes(permission);
                        const via = inherited.get(role.key)?.get(permission);
                        const viaName = via === undefined ? undefined : (roleNames.get(via) ?? via);
                        const label = `${role.name}: ${resource.name} ${action.name}`;
                        const common = {
                          type: "checkbox" as const,
                          "data-row": r,
                          "data-col": col,
                          "data-testid": `perm:${role.key}:${permission}`,
                          onKeyDown: moveFocus,
                        };
                        if (!direct && viaName !== undefined && via !== undefined) {
                          return (
                            <td key={role.key} className="matrix-cell cell-inherited">
                              <input
                                {...common}
                                checked
                                aria-disabled="true"
                                aria-label={`${label}, inherited from ${viaName}`}
                                data-state="inherited"
                                onChange={() => undefined}
                                onClick={(e) => {
                                  e.preventDefault();
                                  onInheritedClick(role, permission, via);
                                }}
                              />
                              <span className="cell-note" aria-hidden="true">
                                via {viaName}
                              </span>
                            </td>
                          );
                        }
                        return (
                          <td
                            key={role.key}
                            className={`matrix-cell${wanted !== undefined ? " cell-pending" : ""}`}
                            aria-busy={wanted !== undefined ? true : undefined}
                          >
                            <input
                              {...common}
                              checked={direct}
                              aria-label={viaName ? `${label} (also inherited from ${viaName})` : label}
                              data-state={direct ? "granted" : "none"}
                              data-pending={wanted !== undefined ? "true" : undefined}
                              onChange={(e) => onToggle(role, permission, e.target.checked)}
                            />
                            {viaName && (
                              <span className="cell-note" aria-hidden="true">
                                also via {viaName}
                              </span>
                            )}
                          </td>
                        );
                      })}
                    </tr>
                  );
                })}
              </tbody>
            );
          })}
        </table>
      </div>
    </div>
  );
}
