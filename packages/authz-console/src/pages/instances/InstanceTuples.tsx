import { Link, useNotices } from "@tollgate/web-ui";
import { type FormEvent, useId, useState } from "react";
import type { Relation, RelationshipTuple, ResourceInstance } from "../../api/rebac-types.ts";
import { FieldError, useFieldErrors } from "../../components/FieldError.tsx";
import { instancePath } from "../../routing/router.ts";
import { useConsole } from "../../state/console-context.ts";
import { useRelationsFrom } from "../../state/instance-facts.ts";
import { messageOf, useResourceRebac } from "../../state/rebac-schema.ts";

/** A way to link the instance: a relation, and which side of it the instance is on. */
interface Linking {
  relation: Relation;
  /** "object": other → relation → this; "subject": this → relation → other. */
  side: "object" | "subject";
}

const linkValue = (l: Linking) => `${l.side}|${l.relation.object_resource}|${l.relation.key}`;

/** The instance's relationship tuples, both directions, with adding and removing. */
export function InstanceTuples({
  instance,
  incoming,
  outgoing,
  onChanged,
}: {
  instance: ResourceInstance;
  incoming: RelationshipTuple[];
  outgoing: RelationshipTuple[];
  onChanged(): void;
}) {
  const { api } = useConsole();
  const notices = useNotices();
  const id = `${instance.resource}:${instance.key}`;
  const asObject = useResourceRebac(instance.resource).data?.relations ?? [];
  const asSubject = useRelationsFrom(instance.resource).data ?? [];
  const links: Linking[] = [
    ...asObject.map((relation) => ({ relation, side: "object" as const })),
    ...asSubject.map((relation) => ({ relation, side: "subject" as const })),
  ];
  const [choice, setChoice] = useState("");
  const [otherKey, setOtherKey] = useState("");
  const chosen = links.find((l) => linkValue(l) === choice) ?? links[0];
  const otherType = chosen
    ? chosen.side === "object"
      ? chosen.relation.subject_resource
      : chosen.relation.object_resource
    : "";
  const form = useFieldErrors<"other">((m) => (/instance|key|tenant/i.test(m) ? "other" : "form"));
  const ids = { heading: useId(), link: useId(), other: useId(), otherError: useId(), formError: useId() };
  const tuples = [...incoming, ...outgoing];

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return;
    const key = otherKey.trim();
    if (key.includes(":")) {
      form.setErrors({ other: `Type the key only: the type is ${otherType}.` });
      return;
    }
    const other = `${otherType}:${key}`;
    const tuple =
      chosen.side === "object"
        ? { subject: other, relation: chosen.relation.key, object: id }
        : { subject: id, relation: chosen.relation.key, object: other };
    const ok = await form.run(() =>
      api.request("POST", api.facts("/relationship_tuples"), { ...tuple, tenant: instance.tenant }),
    );
    if (ok) {
      notices.success(`Linked: ${tuple.subject} is the ${tuple.relation} of ${tuple.object}.`);
      setOtherKey("");
      onChanged();
    }
  };

  const remove = async (t: RelationshipTuple) => {
    try {
      await api.request("DELETE", api.facts("/relationship_tuples"), {
        subject: t.subject,
        relation: t.relation,
        object: t.object,
      });
      notices.success(`Unlinked: ${t.subject} is no longer the ${t.relation} of ${t.object}.`);
      onChanged();
    } catch (err) {
      notices.error(`Could not remove the tuple: ${messageOf(err)}`);
    }
  };

  return (
    <section className="card" aria-labelledby={ids.heading} data-testid="instance-tuples">
      <h2 id={ids.heading} className="card-title">
        Relationship tuples
      </h2>
      {tuples.length === 0 ? (
        <p className="muted">Not related to any other instance.</p>
      ) : (
        <ul className="item-list">
          {tuples.map((t) => (
            <li
              key={t.id}
              className="item"
              data-testid="instance-tuple"
              data-tuple={`${t.subject} ${t.relation} ${t.object}`}
            >
              <span className="item-main">
                <TupleEnd id={t.subject} self={id} /> is the <strong>{t.relation}</strong> of{" "}
                <TupleEnd id={t.object} self={id} />
              </span>
              <span className="item-actions">
                <button
                  type="button"
                  className="button button-small button-danger-quiet"
                  aria-label={`Remove tuple ${t.subject} ${t.relation} ${t.object}`}
                  data-testid="instance-tuple-remove"
                  onClick={() => void remove(t)}
                >
                  Remove
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      {links.length === 0 ? (
        <p className="hint">
          No relation involves {instance.resource}: declare one on the schema page to link instances.
        </p>
      ) : (
        <form
          className="rebac-form"
          onSubmit={add}
          aria-label={`Link ${id} to another instance`}
          data-testid="instance-link-form"
        >
          <div className="rebac-form-row">
            <div className="field">
              <label htmlFor={ids.link}>Link</label>
              <select
                id={ids.link}
                value={chosen ? linkValue(chosen) : ""}
                onChange={(e) => setChoice(e.target.value)}
                data-testid="instance-link-relation"
              >
                {links.map((l) => (
                  <option key={linkValue(l)} value={linkValue(l)}>
                    {l.side === "object"
                      ? `a ${l.relation.subject_resource} is the ${l.relation.key} of this ${instance.resource}`
                      : `this ${instance.resource} is the ${l.relation.key} of a ${l.relation.object_resource}`}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={ids.other}>Key of the {otherType}</label>
              <input
                id={ids.other}
                value={otherKey}
                onChange={(e) => setOtherKey(e.target.value)}
                required
                maxLength={256}
                spellCheck={false}
                aria-invalid={form.errors.other ? true : undefined}
                aria-describedby={form.errors.other ? ids.otherError : undefined}
                data-testid="instance-link-key"
              />
              <FieldError id={ids.otherError} message={form.errors.other} testId="instance-link-key-error" />
            </div>
          </div>
          <p className="hint">A missing instance is created in tenant {instance.tenant ?? "default"}.</p>
          <FieldError id={ids.formError} message={form.errors.form} testId="instance-link-error" />
          <div className="form-actions">
            <button
              type="submit"
              className="button button-small"
              disabled={form.busy}
              data-testid="instance-link-submit"
            >
              Add tuple
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function TupleEnd({ id, self }: { id: string; self: string }) {
  if (id === self) return <code>this</code>;
  return (
    <Link to={instancePath(id)}>
      <code>{id}</code>
    </Link>
  );
}
