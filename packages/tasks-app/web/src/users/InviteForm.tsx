import { GROUPS, type Group } from "@tollgate/contracts";
import { type FormEvent, useId, useRef, useState } from "react";
import type { InviteOutcome } from "./use-users.ts";

const GROUP_HELP: Record<Group, string> = {
  admin: "Admin — everything, including managing users",
  editor: "Editor — works on tasks",
  viewer: "Viewer — reads tasks",
};

/** Creates a user in the pool with a temporary password, in one of the three groups. */
export function InviteForm({
  onInvite,
}: {
  onInvite(input: { email: string; name: string; group: Group }): Promise<InviteOutcome>;
}) {
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [group, setGroup] = useState<Group>("viewer");
  const [busy, setBusy] = useState(false);
  const [emailError, setEmailError] = useState<string | undefined>(undefined);
  const emailInput = useRef<HTMLInputElement>(null);
  const ids = { email: useId(), emailError: useId(), name: useId(), group: useId(), groupHint: useId() };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const outcome = await onInvite({ email: email.trim(), name: name.trim(), group });
    setBusy(false);
    if (outcome.ok) {
      setEmail("");
      setName("");
      setGroup("viewer");
      setEmailError(undefined);
    } else if (outcome.field === "email") {
      setEmailError(outcome.message);
      emailInput.current?.focus();
    }
  };

  return (
    <form
      className="card invite-form"
      onSubmit={submit}
      data-testid="invite-form"
      aria-labelledby="invite-heading"
    >
      <h2 id="invite-heading">Invite someone</h2>
      <div className="invite-fields">
        <div className="field">
          <label htmlFor={ids.email} className="field-label">
            Email <span className="required-mark">(required)</span>
          </label>
          <input
            ref={emailInput}
            id={ids.email}
            className="input"
            type="email"
            required
            maxLength={254}
            autoComplete="off"
            value={email}
            onChange={(e) => {
              setEmail(e.target.value);
              setEmailError(undefined);
            }}
            placeholder="name@company.com"
            aria-invalid={emailError ? true : undefined}
            aria-describedby={emailError ? ids.emailError : undefined}
            dir="auto"
            data-testid="invite-email"
          />
          {emailError && (
            <p id={ids.emailError} className="field-error" data-testid="invite-email-error">
              {emailError}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={ids.name} className="field-label">
            Name <span className="optional-mark">(optional)</span>
          </label>
          <input
            id={ids.name}
            className="input"
            type="text"
            maxLength={128}
            autoComplete="off"
            value={name}
            onChange={(e) => setName(e.target.value)}
            dir="auto"
            data-testid="invite-name"
          />
        </div>
        <div className="field">
          <label htmlFor={ids.group} className="field-label">
            Group
          </label>
          <select
            id={ids.group}
            className="select"
            value={group}
            onChange={(e) => setGroup(e.target.value as Group)}
            aria-describedby={ids.groupHint}
            data-testid="invite-group"
          >
            {GROUPS.map((g) => (
              <option key={g} value={g}>
                {g.charAt(0).toUpperCase() + g.slice(1)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-submit">
          <button type="submit" className="button button-primary" disabled={busy} data-testid="invite-submit">
            {busy ? "Inviting…" : "Invite"}
          </button>
        </div>
      </div>
      <p id={ids.groupHint} className="field-hint">
        {GROUP_HELP[group]}. They get a temporary password to change at first sign-in.
      </p>
    </form>
  );
}
