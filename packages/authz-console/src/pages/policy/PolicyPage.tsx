import { Link, useNotices } from "@tollgate/web-ui";
import { useId, useMemo, useState } from "react";
import type { Resource } from "../../api/types.ts";
import { LoadState } from "../../components/LoadState.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { inheritedPermissions } from "../../model/hierarchy.ts";
import { usePolicy } from "../../state/policy-store.tsx";
import { FineGrainedPolicy } from "./FineGrainedPolicy.tsx";
import { Matrix } from "./Matrix.tsx";
import { usePermissionToggle } from "./use-permission-toggle.ts";

/** Resources whose key, name or actions match the filter (with only the matching actions, unless the resource itself matches). */
function filtered(resources: Resource[], text: string): Resource[] {
  const q = text.trim().toLowerCase();
  if (!q) return resources;
  const hit = (s: string) => s.toLowerCase().includes(q);
  const out: Resource[] = [];
  for (const r of resources) {
    if (hit(r.key) || hit(r.name)) {
      out.push(r);
      continue;
    }
    const actions = Object.fromEntries(Object.entries(r.actions).filter(([k, a]) => hit(k) || hit(a.name)));
    if (Object.keys(actions).length > 0) out.push({ ...r, actions });
  }
  return out;
}

/** The policy editor: the roles × resource-actions matrix. Every click is saved at once. */
export function PolicyPage() {
  const { resources, roles, loaded, error, reload } = usePolicy();
  const { pending, saved, toggle } = usePermissionToggle();
  const notices = useNotices();
  const [filter, setFilter] = useState("");
  const filterId = useId();
  const inherited = useMemo(() => inheritedPermissions(roles), [roles]);
  const shown = useMemo(() => filtered(resources, filter), [resources, filter]);
  const roleName = (key: string) => roles.find((r) => r.key === key)?.name ?? key;

  return (
    <>
      <PageHeader title="Policy editor">
        Check each action a role may perform on each resource. A change is saved at once and applies to the
        very next decision.
      </PageHeader>
      <LoadState loading={!loaded} error={error} what="the policy" onRetry={() => void reload()} />
      {loaded && error === undefined && (resources.length === 0 || roles.length === 0) && (
        <div className="empty" data-testid="policy-empty">
          {resources.length === 0 && (
            <p>
              There are no resources yet. <Link to="/schema">Create one on the Schema page.</Link>
            </p>
          )}
          {roles.length === 0 && (
            <p>
              There are no roles yet. <Link to="/roles">Create one on the Roles page.</Link>
            </p>
          )}
        </div>
      )}
      {loaded && resources.length > 0 && roles.length > 0 && (
        <>
          <div className="toolbar">
            <div className="field field-inline">
              <label htmlFor={filterId}>Filter</label>
              <input
                id={filterId}
                type="search"
                value={filter}
                onChange={(e) => setFilter(e.target.value)}
                placeholder="resource or action"
                data-testid="policy-filter"
              />
            </div>
            <ul className="legend" aria-label="Legend">
              <li>
                <span className="legend-box legend-granted" aria-hidden="true" /> granted to the role
              </li>
              <li>
                <span className="legend-box legend-inherited" aria-hidden="true" /> inherited through
                “extends” (change it on the parent role)
              </li>
            </ul>
          </div>
          <p className="save-status" role="status" data-testid="save-status">
            {saved &&
              `Saved: ${saved.role} ${saved.granted ? "now has" : "no longer has"} ${saved.permission}. Every check from now on uses it.`}
          </p>
          {shown.length === 0 ? (
            <p className="muted">Nothing matches “{filter}”.</p>
          ) : (
            <Matrix
              resources={shown}
              roles={roles}
              inherited={inherited}
              pending={pending}
              onToggle={(role, permission, granted) => void toggle(role, permission, granted)}
              onInheritedClick={(role, permission, from) =>
                notices.info(
                  `${role.name} inherits ${permission} from ${roleName(from)}. Change it on ${roleName(from)}, or remove “extends” on the Roles page.`,
                )
              }
            />
          )}
        </>
      )}
      {loaded && resources.length > 0 && <FineGrainedPolicy resources={shown} />}
    </>
  );
}
