import { Link } from "@tollgate/web-ui";
import { useEffect, useRef, useState } from "react";
import { ApiError, seg } from "../../api/client.ts";
import type { User, UserPermissions } from "../../api/types.ts";
import { LoadState } from "../../components/LoadState.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { tenantPath } from "../../routing/router.ts";
import { useConsole } from "../../state/console-context.ts";
import { usePolicy } from "../../state/policy-store.tsx";
import { useLoader } from "../../state/use-loader.ts";
import { useWrite } from "../../state/use-write.ts";
import { AssignForm } from "./AssignForm.tsx";
import { displayName } from "./RoleChips.tsx";

interface Loaded {
  user: User;
  permissions: UserPermissions;
}

/** One user: role assignments per tenant (assign, unassign) and what they add up to. */
export function UserPage({ userKey }: { userKey: string }) {
  const { api } = useConsole();
  const { roles, lastChange } = usePolicy();
  const write = useWrite();
  const [removing, setRemoving] = useState<string | undefined>(undefined);
  const loaded = useLoader<Loaded>(
    async (signal) => {
      const [user, permissions] = await Promise.all([
        api.get<User>(api.facts(`/users/${seg(userKey)}`), undefined, signal),
        api
          .request<UserPermissions>("POST", "/user-permissions", { user: { key: userKey } }, signal)
          .then((r) => r.body),
      ]);
      return { user, permissions };
    },
    [api, userKey],
  );
  const { reload } = loaded;

  // Someone else changed this user's roles, or the policy: show it.
  const seenChange = useRef(lastChange);
  useEffect(() => {
    if (!lastChange || lastChange === seenChange.current) return;
    seenChange.current = lastChange;
    if (lastChange.kind === "role" || lastChange.kind === "resource" || lastChange.keys.includes(userKey))
      reload();
  }, [lastChange, userKey, reload]);

  const roleName = (k: string) => roles.find((r) => r.key === k)?.name ?? k;
  const unassign = async (role: string, tenant: string) => {
    const id = `${tenant}/${role}`;
    setRemoving(id);
    const res = await write(
      { what: `unassign ${role} in ${tenant}`, done: `Unassigned ${role} in tenant ${tenant}.` },
      (a) => a.request("DELETE", a.facts("/role_assignments"), { user: userKey, role, tenant }),
    );
    setRemoving(undefined);
    if (res) reload();
  };

  const notFound = loaded.error instanceof ApiError && loaded.error.status === 404;
  const user = loaded.data?.user;
  const byTenant = new Map<string, string[]>();
  for (const a of user?.roles ?? []) byTenant.set(a.tenant, [...(byTenant.get(a.tenant) ?? []), a.role]);
  const effective = Object.values(loaded.data?.permissions ?? {});

  return (
    <>
      <p className="breadcrumb">
        <Link to="/users">← Users</Link>
      </p>
      <PageHeader title={user ? displayName(user) : userKey}>
        {user && (
          <>
            <code>{user.key}</code>
            {user.email && ` · ${user.email}`}
          </>
        )}
      </PageHeader>
      {notFound ? (
        <p className="empty" role="alert">
          There is no user “{userKey}”. It may have been deleted.
        </p>
      ) : (
        <LoadState loading={loaded.loading && !user} error={loaded.error} what="the user" onRetry={reload} />
      )}
      {user && (
        <div className="stack">
          <section className="card" aria-labelledby="assignments-title">
            <h2 id="assignments-title" className="card-title">
              Role assignments
            </h2>
            {byTenant.size === 0 && <p className="muted">No roles in any tenant: every check is denied.</p>}
            <div className="tenant-groups" data-testid="user-assignments">
              {[...byTenant].map(([tenant, tenantRoles]) => (
                <section key={tenant} className="tenant-group" aria-label={`Roles in tenant ${tenant}`}>
                  <h3>
                    Tenant <Link to={tenantPath(tenant)}>{tenant}</Link>
                  </h3>
                  <ul className="item-list">
                    {tenantRoles.map((role) => (
                      <li
                        key={role}
                        className="item"
                        data-testid="assignment"
                        data-role={role}
                        data-tenant={tenant}
                      >
                        <span className="item-main">
                          {roleName(role)} <code>{role}</code>
                        </span>
                        <button
                          type="button"
                          className="button button-small button-danger-quiet"
                          disabled={removing === `${tenant}/${role}`}
                          onClick={() => void unassign(role, tenant)}
                          aria-label={`Unassign ${roleName(role)} in tenant ${tenant}`}
                          data-testid="unassign"
                        >
                          Unassign
                        </button>
                      </li>
                    ))}
                  </ul>
                </section>
              ))}
            </div>
            <AssignForm userKey={user.key} onAssigned={reload} />
          </section>
          <section className="card" aria-labelledby="effective-title">
            <h2 id="effective-title" className="card-title">
              Effective permissions
            </h2>
            <p className="muted">
              What the roles above add up to, inheritance included: what checks will allow.
            </p>
            {effective.length === 0 && <p className="muted">None.</p>}
            {effective.map((t) => (
              <div key={t.tenant.key} className="effective" data-testid={`effective-${t.tenant.key}`}>
                <h3>Tenant {t.tenant.key}</h3>
                {t.permissions.length === 0 ? (
                  <p className="muted">No permissions.</p>
                ) : (
                  <ul className="chips">
                    {t.permissions.map((p) => (
                      <li key={p} className="chip">
                        {p}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            ))}
          </section>
        </div>
      )}
    </>
  );
}
