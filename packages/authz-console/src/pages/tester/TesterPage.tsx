import { type FormEvent, useId, useRef, useState } from "react";
import { describeError } from "../../api/errors.ts";
import type { CheckResult, User, UserPermissions } from "../../api/types.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { personName } from "../../components/UserLabel.tsx";
import { useConsole } from "../../state/console-context.ts";
import { usePolicy } from "../../state/policy-store.tsx";
import { lookUpUser } from "../../state/user-directory.ts";
import { type TesterOutcome, TesterResult } from "./TesterResult.tsx";
import { resolveUser, UserPicker } from "./UserPicker.tsx";

/** Pick a user, action, resource and tenant; see the decision the SDK would get, and why. */
export function TesterPage() {
  const { api } = useConsole();
  const { resources } = usePolicy();
  const [user, setUser] = useState("");
  const [picked, setPicked] = useState<User | undefined>(undefined);
  const [resource, setResource] = useState("");
  const [action, setAction] = useState("");
  const [resourceKey, setResourceKey] = useState("");
  const [tenant, setTenant] = useState("default");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [history, setHistory] = useState<TesterOutcome[]>([]);
  const nextId = useRef(1);
  const ids = {
    user: useId(),
    resource: useId(),
    action: useId(),
    key: useId(),
    tenant: useId(),
  };
  const chosen = resources.find((r) => r.key === resource) ?? resources[0];
  const actions = chosen ? Object.values(chosen.actions) : [];
  const chosenAction = actions.find((a) => a.key === action) ?? actions[0];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen || !chosenAction) return;
    setBusy(true);
    setError(undefined);
    const t = tenant.trim() || "default";
    try {
      const key = await resolveUser(api, user, picked);
      const [decision, perms, who] = await Promise.all([
        api.request<CheckResult>("POST", "/allowed", {
          user: { key },
          action: chosenAction.key,
          resource: { type: chosen.key, key: resourceKey.trim() || undefined, tenant: t },
        }),
        api.request<UserPermissions>("POST", "/user-permissions", {
          user: { key },
          tenants: [t],
        }),
        lookUpUser(api, key).catch(() => null),
      ]);
      const d = decision.body;
      const here = Object.values(perms.body).find((p) => p.tenant.key === t);
      const outcome: TesterOutcome = {
        id: nextId.current++,
        user: key,
        who: personName(who),
        action: chosenAction.key,
        resource: chosen.key,
        resourceKey: resourceKey.trim(),
        tenant: d.debug?.tenant ?? t,
        allow: d.allow,
        reason: d.debug?.reason ?? (d.allow ? "allowed" : "denied"),
        grantedBy: d.debug?.granted_by,
        roles: d.debug?.reason === "user_not_synced" ? undefined : (here?.roles ?? []),
      };
      setHistory((h) => [outcome, ...h].slice(0, 10));
    } catch (err) {
      setError(describeError(err, "check"));
    } finally {
      setBusy(false);
    }
  };

  const [latest, ...earlier] = history;
  return (
    <>
      <PageHeader title="Decision tester">
        Ask the decision point exactly what <code>permit.check</code> asks, and see why it answers as it does.
      </PageHeader>
      <div className="tester">
        <form
          className="card form-grid"
          onSubmit={submit}
          aria-label="Check a permission"
          data-testid="tester-form"
        >
          <div className="field field-wide">
            <label htmlFor={ids.user}>User</label>
            <UserPicker
              id={ids.user}
              text={user}
              picked={picked}
              onText={(text) => {
                setUser(text);
                setPicked(undefined);
              }}
              onPick={(u) => {
                setUser(u.email ?? u.key);
                setPicked(u);
              }}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.resource}>Resource</label>
            <select
              id={ids.resource}
              value={chosen?.key ?? ""}
              onChange={(e) => {
                setResource(e.target.value);
                setAction("");
              }}
              data-testid="tester-resource"
            >
              {resources.map((r) => (
                <option key={r.key} value={r.key}>
                  {r.name} ({r.key})
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.action}>Action</label>
            <select
              id={ids.action}
              value={chosenAction?.key ?? ""}
              onChange={(e) => setAction(e.target.value)}
              data-testid="tester-action"
            >
              {actions.map((a) => (
                <option key={a.key} value={a.key}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.key}>Resource key (optional)</label>
            <input
              id={ids.key}
              value={resourceKey}
              onChange={(e) => setResourceKey(e.target.value)}
              data-testid="tester-key"
            />
          </div>
          <div className="field">
            <label htmlFor={ids.tenant}>Tenant</label>
            <input
              id={ids.tenant}
              value={tenant}
              onChange={(e) => setTenant(e.target.value)}
              spellCheck={false}
              data-testid="tester-tenant"
            />
          </div>
          <div className="form-actions">
            <button
              type="submit"
              className="button button-primary"
              disabled={busy || !chosen}
              data-testid="tester-submit"
            >
              {busy ? "Checking…" : "Check"}
            </button>
          </div>
        </form>
        <section className="tester-output" aria-label="Decision">
          <div role="status" aria-live="polite" data-testid="tester-output">
            {error && <p className="form-error">{error}</p>}
            {latest ? (
              <TesterResult key={latest.id} outcome={latest} />
            ) : (
              !error && <p className="muted">The decision and its reason appear here.</p>
            )}
          </div>
          {earlier.length > 0 && (
            <>
              <h2 className="subtle-title">Earlier checks</h2>
              <ul className="history" data-testid="tester-history">
                {earlier.map((o) => (
                  <li key={o.id}>
                    <span className={`decision decision-${o.allow ? "allow" : "deny"}`}>
                      {o.allow ? "Allowed" : "Denied"}
                    </span>{" "}
                    {o.who && <span dir="auto">{o.who} </span>}
                    <code>
                      {o.user} {o.action} {o.resource} in {o.tenant}
                    </code>{" "}
                    <span className="muted">{o.reason}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      </div>
    </>
  );
}
