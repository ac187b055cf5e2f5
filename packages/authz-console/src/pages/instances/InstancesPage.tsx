import { Link, navigate } from "@tollgate/web-ui";
import { type FormEvent, useId, useState } from "react";
import type { ResourceInstance } from "../../api/rebac-types.ts";
import type { Tenant } from "../../api/types.ts";
import { FieldError, useFieldErrors } from "../../components/FieldError.tsx";
import { LoadState } from "../../components/LoadState.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Pager } from "../../components/Pager.tsx";
import { choicesBy, namedChoices, SelectField } from "../../components/SelectField.tsx";
import { instancePath } from "../../routing/router.ts";
import { useConsole } from "../../state/console-context.ts";
import { loadInstances, SEARCH_CAP } from "../../state/instances.ts";
import { usePolicy } from "../../state/policy-store.tsx";
import { useLoader } from "../../state/use-loader.ts";
import "../../rebac.css";

/** Resource instances: filter by resource type and tenant, find by key, open one; create one. */
export function InstancesPage() {
  const { api } = useConsole();
  const { resources } = usePolicy();
  const [resource, setResource] = useState("");
  const [tenant, setTenant] = useState("");
  const [text, setText] = useState("");
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const ids = { search: useId() };
  const tenants = useLoader(
    (signal) => api.get<Tenant[]>(api.facts("/tenants"), { per_page: 100 }, signal),
    [api],
  );
  const list = useLoader(
    (signal) => loadInstances(api, { resource, tenant, search, page }, signal),
    [api, resource, tenant, search, page],
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearch(text.trim());
    setPage(1);
  };
  const data = list.data;
  const filtered = Boolean(resource || tenant || search);

  return (
    <>
      <PageHeader title="Instances">
        The objects your application told the service about (<code>document:d1</code>), with who holds which
        role on each and how they are related.
      </PageHeader>
      <form className="instance-filters" onSubmit={submit} aria-label="Find instances">
        <SelectField
          label="Resource type"
          value={resource}
          onChange={(value) => {
            setResource(value);
            setPage(1);
          }}
          anyLabel="All types"
          choices={namedChoices(resources)}
          testId="instances-resource"
        />
        <SelectField
          label="Tenant"
          value={tenant}
          onChange={(value) => {
            setTenant(value);
            setPage(1);
          }}
          anyLabel="All tenants"
          choices={namedChoices(tenants.data ?? [])}
          testId="instances-tenant"
        />
        <div className="field field-grow">
          <label htmlFor={ids.search}>Key contains</label>
          <input
            id={ids.search}
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            spellCheck={false}
            placeholder="e.g. d1"
            data-testid="instances-search"
          />
        </div>
        <button type="submit" className="button" data-testid="instances-apply">
          Find
        </button>
      </form>
      <p className="result-count" role="status" data-testid="instances-count">
        {data &&
          (data.items.length === 0
            ? filtered
              ? "No instance matches."
              : ""
            : `Showing ${data.items.length} instance(s)${data.complete ? "" : ` — the search looked at the first ${SEARCH_CAP} only`}.`)}
      </p>
      <LoadState loading={list.loading && !data} error={list.error} what="instances" onRetry={list.reload} />
      {data && (data.items.length > 0 || !filtered) && (
        <div className={`table-wrap${list.loading ? " is-stale" : ""}`} aria-busy={list.loading}>
          <table className="table" data-testid="instances-table">
            <caption className="visually-hidden">Resource instances, page {page}</caption>
            <thead>
              <tr>
                <th scope="col">Instance</th>
                <th scope="col">Tenant</th>
                <th scope="col">Attributes</th>
              </tr>
            </thead>
            <tbody>
              {data.items.length === 0 && (
                <tr>
                  <td colSpan={3} className="muted">
                    No instances yet: they appear when your application creates them, or a relationship tuple
                    or role assignment names them.
                  </td>
                </tr>
              )}
              {data.items.map((i) => (
                <InstanceRow key={i.id} instance={i} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && (page > 1 || data.hasNext) && (
        <Pager page={page} hasNext={data.hasNext} label="Instances" onPage={setPage} />
      )}
      <NewInstanceForm tenants={tenants.data ?? []} />
    </>
  );
}

function InstanceRow({ instance: i }: { instance: ResourceInstance }) {
  const attrs = Object.keys(i.attributes ?? {});
  return (
    <tr data-testid="instance-row" data-id={`${i.resource}:${i.key}`}>
      <th scope="row">
        <Link to={instancePath(`${i.resource}:${i.key}`)} data-testid="instance-link">
          <code>
            {i.resource}:{i.key}
          </code>
        </Link>
      </th>
      <td>{i.tenant ?? "—"}</td>
      <td>{attrs.length === 0 ? <span className="muted">none</span> : attrs.join(", ")}</td>
    </tr>
  );
}

function NewInstanceForm({ tenants }: { tenants: Tenant[] }) {
  const { api } = useConsole();
  const { resources } = usePolicy();
  const [resource, setResource] = useState("");
  const [key, setKey] = useState("");
  const [tenant, setTenant] = useState("");
  const form = useFieldErrors<"key" | "tenant">((m) =>
    /tenant/i.test(m) ? "tenant" : /key/i.test(m) ? "key" : "form",
  );
  const ids = {
    key: useId(),
    keyError: useId(),
    formError: useId(),
  };
  const type = resource || resources[0]?.key || "";
  const tenantKey = tenant || tenants[0]?.key || "default";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const k = key.trim();
    if (k.includes(":")) {
      form.setErrors({ key: "A key can't contain “:” (checks address an instance as type:key)." });
      return;
    }
    const ok = await form.run(() =>
      api.request("POST", api.facts("/resource_instances"), { resource: type, key: k, tenant: tenantKey }),
    );
    if (ok) navigate(instancePath(`${type}:${k}`));
  };

  return (
    <form
      className="card form-grid instance-new"
      onSubmit={submit}
      aria-label="New instance"
      data-testid="new-instance-form"
    >
      <h2 className="card-title">New instance</h2>
      <SelectField
        label="Resource type"
        value={type}
        onChange={setResource}
        choices={choicesBy(resources, (r) => r.key)}
        testId="new-instance-resource"
      />
      <div className="field">
        <label htmlFor={ids.key}>Key</label>
        <input
          id={ids.key}
          value={key}
          onChange={(e) => setKey(e.target.value)}
          required
          maxLength={256}
          spellCheck={false}
          aria-invalid={form.errors.key ? true : undefined}
          aria-describedby={form.errors.key ? ids.keyError : undefined}
          data-testid="new-instance-key"
        />
        <FieldError id={ids.keyError} message={form.errors.key} testId="new-instance-key-error" />
      </div>
      <SelectField
        label="Tenant"
        value={tenantKey}
        onChange={setTenant}
        choices={choicesBy(tenants, (t) => t.key)}
        testId="new-instance-tenant"
        error={form.errors.tenant}
        errorTestId="new-instance-tenant-error"
      />
      <FieldError id={ids.formError} message={form.errors.form} testId="new-instance-error" />
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={form.busy}
          data-testid="new-instance-submit"
        >
          Create instance
        </button>
      </div>
    </form>
  );
}
