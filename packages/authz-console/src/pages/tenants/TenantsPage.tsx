import { ConfirmDialog, Link } from "@tollgate/web-ui";
import { type FormEvent, useId, useState } from "react";
import { seg } from "../../api/client.ts";
import type { Tenant } from "../../api/types.ts";
import { LoadState } from "../../components/LoadState.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Pager } from "../../components/Pager.tsx";
import { tenantPath } from "../../routing/router.ts";
import { useConsole } from "../../state/console-context.ts";
import { useLoader } from "../../state/use-loader.ts";
import { useWrite } from "../../state/use-write.ts";
import { TenantForm } from "./TenantForm.tsx";

const PER_PAGE = 50;

/** Tenants: search and page through them, create, edit, delete. */
export function TenantsPage() {
  const { api } = useConsole();
  const write = useWrite();
  const [text, setText] = useState("");
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<"new" | string | undefined>(undefined);
  const [deleting, setDeleting] = useState<Tenant | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const searchId = useId();
  const tenants = useLoader(
    (signal) =>
      api.get<Tenant[]>(
        api.facts("/tenants"),
        { search: search || undefined, page, per_page: PER_PAGE },
        signal,
      ),
    [api, search, page],
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearch(text.trim());
    setPage(1);
  };

  const remove = async (tenant: Tenant) => {
    setBusy(true);
    const res = await write(
      { what: `delete tenant ${tenant.key}`, done: `Tenant “${tenant.name}” deleted.` },
      (a) => a.request("DELETE", a.facts(`/tenants/${seg(tenant.key)}`)),
    );
    setBusy(false);
    setDeleting(undefined);
    if (res) tenants.reload();
  };

  const list = tenants.data ?? [];
  return (
    <>
      <PageHeader
        title="Tenants"
        actions={
          <button
            type="button"
            className="button button-primary"
            onClick={() => setEditing("new")}
            disabled={editing === "new"}
            data-testid="tenant-new"
          >
            New tenant
          </button>
        }
      >
        Roles are granted per tenant: a user's role in one tenant says nothing about another.
      </PageHeader>
      {editing === "new" && (
        <TenantForm
          onDone={(saved) => {
            setEditing(undefined);
            if (saved) tenants.reload();
          }}
        />
      )}
      <form className="toolbar" aria-label="Find tenants" onSubmit={submit}>
        <div className="field field-inline field-grow">
          <label htmlFor={searchId}>Search</label>
          <input
            id={searchId}
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="key or name"
            data-testid="tenants-search"
          />
        </div>
        <button type="submit" className="button">
          Search
        </button>
      </form>
      <LoadState
        loading={tenants.loading && !tenants.data}
        error={tenants.error}
        what="tenants"
        onRetry={tenants.reload}
      />
      <ul className="card-list" data-testid="tenant-list">
        {tenants.data && list.length === 0 && (
          <li className="empty">No tenants {search ? "match" : "yet"}.</li>
        )}
        {list.map((t) =>
          editing === t.key ? (
            <li key={t.key}>
              <TenantForm
                tenant={t}
                onDone={(saved) => {
                  setEditing(undefined);
                  if (saved) tenants.reload();
                }}
              />
            </li>
          ) : (
            <li key={t.key} className="card tenant-row" data-testid={`tenant-${t.key}`}>
              <div className="card-head">
                <h2 className="card-title">
                  <Link to={tenantPath(t.key)} data-testid="tenant-link">
                    {t.name}
                  </Link>{" "}
                  <code>{t.key}</code>
                </h2>
                <div className="item-actions">
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => setEditing(t.key)}
                    aria-label={`Edit tenant ${t.name}`}
                    data-testid="tenant-edit"
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="button button-small button-danger-quiet"
                    onClick={() => setDeleting(t)}
                    disabled={t.key === "default"}
                    title={t.key === "default" ? "The default tenant can't be deleted" : undefined}
                    aria-label={`Delete tenant ${t.name}`}
                    data-testid="tenant-delete"
                  >
                    Delete
                  </button>
                </div>
              </div>
              {t.description && <p className="muted">{t.description}</p>}
            </li>
          ),
        )}
      </ul>
      {tenants.data && (page > 1 || list.length === PER_PAGE) && (
        <Pager page={page} hasNext={list.length === PER_PAGE} label="Tenants" onPage={setPage} />
      )}
      <ConfirmDialog
        open={deleting !== undefined}
        title={`Delete tenant “${deleting?.name ?? ""}”?`}
        confirmLabel="Delete tenant"
        busy={busy}
        onCancel={() => setDeleting(undefined)}
        onConfirm={() => deleting && void remove(deleting)}
      >
        <p>Every role assignment in this tenant is removed with it; checks in it will be denied.</p>
      </ConfirmDialog>
    </>
  );
}
