import { type FormEvent, useId, useState } from "react";
import type { Tenant } from "../../api/types.ts";
import { choicesBy, SelectField } from "../../components/SelectField.tsx";
import { useConsole } from "../../state/console-context.ts";
import { usePolicy } from "../../state/policy-store.tsx";
import { useDebounced, useLoader } from "../../state/use-loader.ts";
import { useWrite } from "../../state/use-write.ts";

/** Grants the user a role in a tenant; tenant names are suggested from the server as you type. */
export function AssignForm({ userKey, onAssigned }: { userKey: string; onAssigned(): void }) {
  const { api } = useConsole();
  const { roles } = usePolicy();
  const write = useWrite();
  const [role, setRole] = useState("");
  const [tenant, setTenant] = useState("default");
  const [busy, setBusy] = useState(false);
  const ids = { tenant: useId(), list: useId() };
  const typed = useDebounced(tenant.trim(), 200);
  const suggestions = useLoader(
    (signal) =>
      api.get<Tenant[]>(api.facts("/tenants"), { search: typed || undefined, per_page: 20 }, signal),
    [api, typed],
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const chosen = role || roles[0]?.key;
    if (!chosen) return;
    setBusy(true);
    const res = await write(
      { what: `assign ${chosen} in ${tenant}`, done: `Assigned ${chosen} in tenant ${tenant.trim()}.` },
      (a) =>
        a.request("POST", a.facts("/role_assignments"), {
          user: userKey,
          role: chosen,
          tenant: tenant.trim(),
        }),
    );
    setBusy(false);
    if (res) onAssigned();
  };

  return (
    <form className="inline-form" onSubmit={submit} aria-label="Assign a role" data-testid="assign-form">
      <SelectField
        label="Role"
        value={role || roles[0]?.key || ""}
        onChange={setRole}
        choices={choicesBy(roles, (r) => r.name)}
        testId="assign-role"
      />
      <div className="field">
        <label htmlFor={ids.tenant}>Tenant</label>
        <input
          id={ids.tenant}
          value={tenant}
          onChange={(e) => setTenant(e.target.value)}
          list={ids.list}
          required
          spellCheck={false}
          autoComplete="off"
          data-testid="assign-tenant"
        />
        <datalist id={ids.list}>
          {(suggestions.data ?? []).map((t) => (
            <option key={t.key} value={t.key}>
              {t.name}
            </option>
          ))}
        </datalist>
      </div>
      <button
        type="submit"
        className="button button-primary"
        disabled={busy || roles.length === 0}
        data-testid="assign-submit"
      >
        {busy ? "Assigning…" : "Assign role"}
      </button>
    </form>
  );
}
