import { Link, navigate, useLocation } from "@tollgate/web-ui";
import { type FormEvent, useEffect, useId, useState } from "react";
import type { Paginated, User } from "../../api/types.ts";
import { LoadState } from "../../components/LoadState.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Pager } from "../../components/Pager.tsx";
import { userPath } from "../../routing/router.ts";
import { useConsole } from "../../state/console-context.ts";
import { usePolicy } from "../../state/policy-store.tsx";
import { useDebounced, useLoader } from "../../state/use-loader.ts";
import { displayName, RoleChips } from "./RoleChips.tsx";

const PER_PAGE = 50;

/**
 * The user directory: search, role filter and paging all happen on the server (one request per
 * view, the current one aborting any older), so it stays quick at 100,000 users. The view lives in
 * the address, so back, forward and reload keep it.
 */
export function UsersPage() {
  const { api } = useConsole();
  const { roles } = usePolicy();
  const { query } = useLocation();
  const search = query.get("q") ?? "";
  const role = query.get("role") ?? "";
  const page = Math.max(1, Number(query.get("page")) || 1);
  const [text, setText] = useState(search);
  const settled = useDebounced(text, 250);
  const ids = { search: useId(), role: useId() };

  const go = (next: { q?: string; role?: string; page?: number }, replace = false) => {
    const params = new URLSearchParams();
    const q = next.q ?? search;
    const r = next.role ?? role;
    const p = next.page ?? 1;
    if (q) params.set("q", q);
    if (r) params.set("role", r);
    if (p > 1) params.set("page", String(p));
    const s = params.toString();
    navigate(s ? `/users?${s}` : "/users", { replace });
  };

  // Typing settles into the address (replacing, not stacking history entries).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the typed text settles, not when the address changes
  useEffect(() => {
    if (settled.trim() !== search) go({ q: settled.trim() }, true);
  }, [settled]);

  // Back and forward change the address under the box: follow it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the address only; typing must not be overwritten
  useEffect(() => {
    if (search !== settled.trim()) setText(search);
  }, [search]);

  const users = useLoader(
    (signal) =>
      api.get<Paginated<User>>(
        api.facts("/users"),
        { search: search || undefined, role: role || undefined, page, per_page: PER_PAGE },
        signal,
      ),
    [api, search, role, page],
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    go({ q: text.trim() });
  };

  const data = users.data;
  return (
    <>
      <PageHeader title="Users">
        Everyone synced to the authorization service, and the roles they hold.
      </PageHeader>
      <form className="toolbar" onSubmit={submit} aria-label="Find users">
        <div className="field field-inline field-grow">
          <label htmlFor={ids.search}>Search</label>
          <input
            id={ids.search}
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="key, email or name"
            spellCheck={false}
            data-testid="users-search"
          />
        </div>
        <div className="field field-inline">
          <label htmlFor={ids.role}>Role</label>
          <select
            id={ids.role}
            value={role}
            onChange={(e) => go({ role: e.target.value })}
            data-testid="users-role"
          >
            <option value="">Any role</option>
            {roles.map((r) => (
              <option key={r.key} value={r.key}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
      </form>
      <p className="result-count" role="status" data-testid="users-count">
        {data &&
          (search || role
            ? `${data.total_count.toLocaleString("en-US")} user(s) match`
            : `${data.total_count.toLocaleString("en-US")} user(s)`)}
      </p>
      <LoadState loading={users.loading && !data} error={users.error} what="users" onRetry={users.reload} />
      {data && (
        <div className={`table-wrap${users.loading ? " is-stale" : ""}`} aria-busy={users.loading}>
          <table className="table" data-testid="users-table">
            <caption className="visually-hidden">Users, page {page}</caption>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Email</th>
                <th scope="col">Roles</th>
              </tr>
            </thead>
            <tbody>
              {data.data.length === 0 && (
                <tr>
                  <td colSpan={3} className="muted">
                    No users {search || role ? "match" : "yet"}.
                  </td>
                </tr>
              )}
              {data.data.map((u) => (
                <tr key={u.key} data-testid="user-row" data-key={u.key}>
                  <th scope="row">
                    <Link to={userPath(u.key)} data-testid="user-link">
                      {displayName(u)}
                    </Link>
                    {displayName(u) !== u.key && <code className="sub">{u.key}</code>}
                  </th>
                  <td>{u.email ?? "—"}</td>
                  <td>
                    <RoleChips assignments={u.roles} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && (
        <Pager
          page={page}
          pageCount={data.page_count}
          total={data.total_count}
          label="Users"
          onPage={(p) => go({ page: p })}
        />
      )}
    </>
  );
}
