import { Link } from "@tollgate/web-ui";
import { type FormEvent, useId, useState } from "react";
import { ApiError, seg } from "../../api/client.ts";
import type { Paginated, Tenant, User } from "../../api/types.ts";
import { LoadState } from "../../components/LoadState.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Pager } from "../../components/Pager.tsx";
import { userPath } from "../../routing/router.ts";
import { useConsole } from "../../state/console-context.ts";
import { useLoader } from "../../state/use-loader.ts";
import { useWrite } from "../../state/use-write.ts";
import { displayName } from "../users/RoleChips.tsx";

const PER_PAGE = 50;

/** One tenant and the users holding roles in it (paged and searched on the server). */
export function TenantPage({ tenantKey }: { tenantKey: string }) {
  const { api } = useConsole();
  const write = useWrite();
  const [page, setPage] = useState(1);
  const [text, setText] = useState("");
  const [search, setSearch] = useState("");
  const searchId = useId();
  const tenant = useLoader(
    (signal) => api.get<Tenant>(api.facts(`/tenants/${seg(tenantKey)}`), undefined, signal),
    [api, tenantKey],
  );
  const users = useLoader(
    (signal) =>
      api.get<Paginated<User>>(
        api.facts(`/tenants/${seg(tenantKey)}/users`),
        { search: search || undefined, page, per_page: PER_PAGE },
        signal,
      ),
    [api, tenantKey, search, page],
  );

  const removeUser = async (user: User) => {
    const res = await write(
      {
        what: `remove ${user.key} from ${tenantKey}`,
        done: `${displayName(user)} no longer has roles in ${tenantKey}.`,
      },
      (a) => a.request("DELETE", a.facts(`/tenants/${seg(tenantKey)}/users/${seg(user.key)}`)),
    );
    if (res) users.reload();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearch(text.trim());
    setPage(1);
  };

  const notFound = tenant.error instanceof ApiError && tenant.error.status === 404;
  const data = users.data;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/tenants">← Tenants</Link>
      </p>
      <PageHeader title={tenant.data ? `Tenant ${tenant.data.name}` : `Tenant ${tenantKey}`}>
        <code>{tenantKey}</code>
        {tenant.data?.description && ` · ${tenant.data.description}`}
      </PageHeader>
      {notFound ? (
        <p className="empty" role="alert">
          There is no tenant “{tenantKey}”.
        </p>
      ) : (
        <>
          <form className="toolbar" aria-label="Find users in this tenant" onSubmit={submit}>
            <div className="field field-inline field-grow">
              <label htmlFor={searchId}>Search users</label>
              <input
                id={searchId}
                type="search"
                value={text}
                onChange={(e) => setText(e.target.value)}
                data-testid="tenant-users-search"
              />
            </div>
            <button type="submit" className="button">
              Search
            </button>
          </form>
          <p className="result-count" role="status" data-testid="tenant-users-count">
            {data && `${data.total_count.toLocaleString("en-US")} user(s) with roles in this tenant`}
          </p>
          <LoadState
            loading={users.loading && !data}
            error={users.error}
            what="users"
            onRetry={users.reload}
          />
          {data && (
            <div className="table-wrap">
              <table className="table" data-testid="tenant-users">
                <caption className="visually-hidden">Users with roles in tenant {tenantKey}</caption>
                <thead>
                  <tr>
                    <th scope="col">User</th>
                    <th scope="col">Roles here</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.data.length === 0 && (
                    <tr>
                      <td colSpan={3} className="muted">
                        Nobody has a role in this tenant{search ? " that matches" : ""}.
                      </td>
                    </tr>
                  )}
                  {data.data.map((u) => (
                    <tr key={u.key} data-testid="tenant-user-row" data-key={u.key}>
                      <th scope="row">
                        <Link to={userPath(u.key)}>{displayName(u)}</Link>
                        {u.email && <span className="sub">{u.email}</span>}
                      </th>
                      <td>
                        {u.roles
                          .filter((a) => a.tenant === tenantKey)
                          .map((a) => a.role)
                          .join(", ")}
                      </td>
                      <td className="cell-actions">
                        <button
                          type="button"
                          className="button button-small button-danger-quiet"
                          onClick={() => void removeUser(u)}
                          aria-label={`Remove ${displayName(u)} from this tenant`}
                          data-testid="tenant-user-remove"
                        >
                          Remove
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {data && data.page_count > 1 && (
            <Pager
              page={page}
              pageCount={data.page_count}
              total={data.total_count}
              label="Tenant users"
              onPage={setPage}
            />
          )}
        </>
      )}
    </>
  );
}
