import { type FormEvent, useId, useState } from "react";

export interface AuditFilter {
  user: string;
  action: string;
  resource: string;
  tenant: string;
  decision: "" | "allow" | "deny";
}

export const NO_FILTER: AuditFilter = { user: "", action: "", resource: "", tenant: "", decision: "" };

const TEXT_FIELDS = [
  ["user", "User (key or e-mail)"],
  ["action", "Action"],
  ["resource", "Resource"],
  ["tenant", "Tenant"],
] as const;

/** The audit log's filters: exact user, action, resource type and tenant, and the decision. */
export function AuditFilters({ value, onApply }: { value: AuditFilter; onApply(filter: AuditFilter): void }) {
  const [draft, setDraft] = useState(value);
  const base = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({
      ...draft,
      user: draft.user.trim(),
      action: draft.action.trim(),
      resource: draft.resource.trim(),
      tenant: draft.tenant.trim(),
    });
  };
  return (
    <form className="filters" onSubmit={submit} aria-label="Filter decisions" data-testid="audit-filters">
      {TEXT_FIELDS.map(([name, label]) => (
        <div className="field" key={name}>
          <label htmlFor={`${base}-${name}`}>{label}</label>
          <input
            id={`${base}-${name}`}
            value={draft[name]}
            onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
            spellCheck={false}
            data-testid={`audit-filter-${name}`}
          />
        </div>
      ))}
      <div className="field">
        <label htmlFor={`${base}-decision`}>Decision</label>
        <select
          id={`${base}-decision`}
          value={draft.decision}
          onChange={(e) => {
            const next = { ...draft, decision: e.target.value as AuditFilter["decision"] };
            setDraft(next);
            onApply(next);
          }}
          data-testid="audit-filter-decision"
        >
          <option value="">Allowed and denied</option>
          <option value="allow">Allowed</option>
          <option value="deny">Denied</option>
        </select>
      </div>
      <div className="filters-actions">
        <button type="submit" className="button button-primary" data-testid="audit-apply">
          Apply
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            setDraft(NO_FILTER);
            onApply(NO_FILTER);
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
