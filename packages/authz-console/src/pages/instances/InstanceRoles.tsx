import { Link, useNotices } from "@tollgate/web-ui";
import { type FormEvent, useId, useState } from "react";
import type { ResourceInstance, RoleAssignment } from "../../api/rebac-types.ts";
import type { User } from "../../api/types.ts";
import { FieldError, useFieldErrors } from "../../components/FieldError.tsx";
import { namedChoices, SelectField } from "../../components/SelectField.tsx";
import { UserLabel } from "../../components/UserLabel.tsx";
import { userPath } from "../../routing/router.ts";
import { useConsole } from "../../state/console-context.ts";
import { messageOf, useResourceRebac } from "../../state/rebac-schema.ts";
import { useUsers } from "../../state/user-directory.ts";
import { resolveUser, UserPicker } from "../tester/UserPicker.tsx";

/** Who holds which resource role directly on the instance: assign (a person picked by name or e-mail) and unassign. */
export function InstanceRoles({
  instance,
  assignments,
  onChanged,
}: {
  instance: ResourceInstance;
  assignments: RoleAssignment[];
  onChanged(): void;
}) {
  const { api } = useConsole();
  const notices = useNotices();
  const id = `${instance.resource}:${instance.key}`;
  const rebac = useResourceRebac(instance.resource);
  const roles = rebac.data?.roles ?? [];
  const people = useUsers(assignments.map((a) => a.user));
  const [text, setText] = useState("");
  const [picked, setPicked] = useState<User | undefined>(undefined);
  const [role, setRole] = useState("");
  const chosenRole = role || roles[0]?.key || "";
  const form = useFieldErrors<"user" | "role">((m) =>
    /user/i.test(m) ? "user" : /role/i.test(m) ? "role" : "form",
  );
  const ids = {
    heading: useId(),
    user: useId(),
    userError: useId(),
    formError: useId(),
  };

  const assign = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosenRole) {
      form.setErrors({ role: `${instance.resource} has no resource roles: add one on the schema page.` });
      return;
    }
    let user = "";
    const ok = await form.run(async () => {
      user = await resolveUser(api, text, picked);
      await api.request("POST", api.facts("/role_assignments"), {
        user,
        role: chosenRole,
        resource_instance: id,
      });
    });
    if (ok) {
      notices.success(`${picked?.email ?? user} is now ${chosenRole} on ${id}.`);
      setText("");
      setPicked(undefined);
      onChanged();
    }
  };

  const unassign = async (a: RoleAssignment) => {
    try {
      await api.request("DELETE", api.facts("/role_assignments"), {
        user: a.user,
        role: a.role,
        resource_instance: id,
      });
      notices.success(`${a.user} is no longer ${a.role} on ${id}.`);
      onChanged();
    } catch (err) {
      notices.error(`Could not unassign: ${messageOf(err)}`);
    }
  };

  return (
    <section className="card" aria-labelledby={ids.heading} data-testid="instance-roles">
      <h2 id={ids.heading} className="card-title">
        Role assignments
      </h2>
      <p className="muted">
        Roles held directly on {id}; roles derived through relations show in the decision tester.
      </p>
      {assignments.length === 0 ? (
        <p className="muted">Nobody holds a role on it directly.</p>
      ) : (
        <ul className="item-list">
          {assignments.map((a) => (
            <li
              key={`${a.user}/${a.role}`}
              className="item"
              data-testid="instance-assignment"
              data-user={a.user}
            >
              <span className="item-main">
                <Link to={userPath(a.user)}>
                  <UserLabel userKey={a.user} user={people.get(a.user)} />
                </Link>{" "}
                is <span className="chip">{a.role}</span>
              </span>
              <span className="item-actions">
                <button
                  type="button"
                  className="button button-small button-danger-quiet"
                  aria-label={`Unassign ${a.role} from ${a.user}`}
                  data-testid="instance-unassign"
                  onClick={() => void unassign(a)}
                >
                  Unassign
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <form
        className="rebac-form"
        onSubmit={assign}
        aria-label={`Assign a role on ${id}`}
        data-testid="instance-assign-form"
      >
        <div className="rebac-form-row">
          <div className="field">
            <label htmlFor={ids.user}>User</label>
            <UserPicker
              id={ids.user}
              text={text}
              picked={picked}
              onText={(t) => {
                setText(t);
                setPicked(undefined);
              }}
              onPick={(u) => {
                setText(u.email ?? u.key);
                setPicked(u);
              }}
            />
            <FieldError id={ids.userError} message={form.errors.user} testId="instance-assign-user-error" />
          </div>
          <SelectField
            label="Role"
            value={chosenRole}
            onChange={setRole}
            choices={namedChoices(roles)}
            testId="instance-assign-role"
            error={form.errors.role}
            errorTestId="instance-assign-role-error"
          />
        </div>
        <FieldError id={ids.formError} message={form.errors.form} testId="instance-assign-error" />
        <div className="form-actions">
          <button
            type="submit"
            className="button button-small"
            disabled={form.busy}
            data-testid="instance-assign-submit"
          >
            Assign role
          </button>
        </div>
      </form>
    </section>
  );
}
