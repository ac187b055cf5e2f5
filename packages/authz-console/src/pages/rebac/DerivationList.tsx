import { useNotices } from "@tollgate/web-ui";
import { type FormEvent, useId, useState } from "react";
import { seg } from "../../api/client.ts";
import type { DerivedRoleRule, Relation, ResourceRole } from "../../api/rebac-types.ts";
import type { Resource } from "../../api/types.ts";
import { FieldError, useFieldErrors } from "../../components/FieldError.tsx";
import { useConsole } from "../../state/console-context.ts";
import { messageOf, useResourceRebac } from "../../state/rebac-schema.ts";

const derivationFieldOf = (m: string) =>
  /relation/i.test(m) ? "relation" : /role/i.test(m) ? "role" : "form";

/** "Granted to users with role editor on folder linked by relation parent", and adding or removing one. */
export function DerivationList({
  resource,
  role,
  relations,
  onChanged,
}: {
  resource: Resource;
  role: ResourceRole;
  relations: Relation[];
  onChanged(): void;
}) {
  const { api } = useConsole();
  const notices = useNotices();
  const rules = role.granted_to?.users_with_role ?? [];
  const noDirect = role.granted_to?.when?.no_direct_roles_on_object === true;
  const base = api.schema(`/resources/${seg(resource.key)}/roles/${seg(role.key)}/implicit_grants`);
  const label = `${resource.key}#${role.key}`;

  const remove = async (rule: DerivedRoleRule) => {
    try {
      await api.request("DELETE", base, {
        role: rule.role,
        on_resource: rule.on_resource,
        linked_by_relation: rule.linked_by_relation,
      });
      notices.success(`${label} is no longer derived from ${rule.on_resource}#${rule.role}.`);
      onChanged();
    } catch (err) {
      notices.error(`Could not remove the derivation: ${messageOf(err)}`);
    }
  };

  const setNoDirect = async (value: boolean) => {
    try {
      await api.request("PUT", `${base}/conditions`, { no_direct_roles_on_object: value });
      notices.success(
        value
          ? `${label} is no longer derived where the user holds a direct role.`
          : `${label} is derived even where the user holds a direct role.`,
      );
      onChanged();
    } catch (err) {
      notices.error(`Could not change the derivation setting: ${messageOf(err)}`);
    }
  };

  return (
    <div className="rebac-derivations" data-testid={`derivations-${role.key}`}>
      {rules.length > 0 && (
        <ul className="rebac-derivation-list">
          {rules.map((r) => (
            <li key={`${r.on_resource}#${r.role}/${r.linked_by_relation}`} data-testid="derivation">
              <span>
                Granted to users with role <strong>{r.role}</strong> on <strong>{r.on_resource}</strong>{" "}
                linked by relation <strong>{r.linked_by_relation}</strong>
              </span>
              <button
                type="button"
                className="button button-small button-danger-quiet"
                aria-label={`Remove derivation of ${label} from ${r.on_resource}#${r.role} by ${r.linked_by_relation}`}
                data-testid="derivation-remove"
                onClick={() => void remove(r)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {rules.length > 0 && (
        <label className="check rebac-no-direct">
          <input
            type="checkbox"
            checked={noDirect}
            onChange={(e) => void setNoDirect(e.target.checked)}
            data-testid="derivation-no-direct"
          />
          Not where the user already holds a direct role on the {resource.key}
        </label>
      )}
      <NewDerivationForm resource={resource} role={role} relations={relations} onCreated={onChanged} />
    </div>
  );
}

function NewDerivationForm({
  resource,
  role,
  relations,
  onCreated,
}: {
  resource: Resource;
  role: ResourceRole;
  relations: Relation[];
  onCreated(): void;
}) {
  const { api } = useConsole();
  const notices = useNotices();
  const [relationKey, setRelationKey] = useState("");
  const [sourceRole, setSourceRole] = useState("");
  const relation = relations.find((r) => r.key === relationKey) ?? relations[0];
  const subject = useResourceRebac(relation?.subject_resource);
  const sourceRoles = subject.data?.roles ?? [];
  const chosenRole = sourceRoles.find((r) => r.key === sourceRole) ?? sourceRoles[0];
  const form = useFieldErrors<"relation" | "role">(derivationFieldOf);
  const ids = { relation: useId(), role: useId(), relError: useId(), roleError: useId(), formError: useId() };
  const label = `${resource.key}#${role.key}`;

  if (relations.length === 0) {
    return (
      <p className="hint" data-testid="derivation-needs-relation">
        To derive {label} from a role on another resource, first add a relation to {resource.name} below.
      </p>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!relation) return;
    if (!chosenRole) {
      form.setErrors({ role: `${relation.subject_resource} has no resource roles yet.` });
      return;
    }
    const rule = {
      role: chosenRole.key,
      on_resource: relation.subject_resource,
      linked_by_relation: relation.key,
    };
    const ok = await form.run(() =>
      api.request(
        "POST",
        api.schema(`/resources/${seg(resource.key)}/roles/${seg(role.key)}/implicit_grants`),
        rule,
      ),
    );
    if (ok) {
      notices.success(
        `${label} is now granted to ${rule.on_resource}#${rule.role} by ${rule.linked_by_relation}.`,
      );
      onCreated();
    }
  };

  return (
    <form
      className="rebac-derive-form"
      onSubmit={submit}
      aria-label={`Derive ${label}`}
      data-testid={`new-derivation-${role.key}`}
    >
      <span className="rebac-derive-lead">Also grant to users with role</span>
      <div className="field">
        <label htmlFor={ids.role} className="visually-hidden">
          Role on the related resource
        </label>
        <select
          id={ids.role}
          value={chosenRole?.key ?? ""}
          onChange={(e) => setSourceRole(e.target.value)}
          aria-invalid={form.errors.role ? true : undefined}
          aria-describedby={form.errors.role ? ids.roleError : undefined}
          data-testid="new-derivation-role"
        >
          {sourceRoles.length === 0 && <option value="">(no roles)</option>}
          {sourceRoles.map((r) => (
            <option key={r.key} value={r.key}>
              {r.key}
            </option>
          ))}
        </select>
        <FieldError id={ids.roleError} message={form.errors.role} testId="new-derivation-role-error" />
      </div>
      <span className="rebac-derive-lead">on the</span>
      <div className="field">
        <label htmlFor={ids.relation} className="visually-hidden">
          Relation linking it
        </label>
        <select
          id={ids.relation}
          value={relation?.key ?? ""}
          onChange={(e) => {
            setRelationKey(e.target.value);
            setSourceRole("");
          }}
          aria-invalid={form.errors.relation ? true : undefined}
          aria-describedby={form.errors.relation ? ids.relError : undefined}
          data-testid="new-derivation-relation"
        >
          {relations.map((r) => (
            <option key={r.key} value={r.key}>
              {r.subject_resource} linked by {r.key}
            </option>
          ))}
        </select>
        <FieldError id={ids.relError} message={form.errors.relation} testId="new-derivation-relation-error" />
      </div>
      <button
        type="submit"
        className="button button-small"
        disabled={form.busy}
        data-testid="new-derivation-submit"
      >
        Add derivation
      </button>
      <FieldError id={ids.formError} message={form.errors.form} testId="new-derivation-error" />
    </form>
  );
}
