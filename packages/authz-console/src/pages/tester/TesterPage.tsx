import { parseInstanceId } from "@tollgate/policy";
import { type FormEvent, useId, useRef, useState } from "react";
import { seg } from "../../api/client.ts";
import { describeError } from "../../api/errors.ts";
import type { ResourceInstance } from "../../api/rebac-types.ts";
import type { CheckResult, User, UserPermissions } from "../../api/types.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { choicesBy, namedChoices, SelectField } from "../../components/SelectField.tsx";
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
    key: useId(),
    tenant: useId(),
    keyHint: useId(),
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
    // `document:d1` as permit.check takes it, or a bare key of the chosen type.
    const typed = resourceKey.trim();
    const instance = parseInstanceId(typed);
    const instanceKey = instance ? instance.key : typed;
    if (instance && instance.type !== chosen.key) {
      setError(`There is no resource type “${instance.type}” in the schema.`);
      setBusy(false);
      return;
    }
    try {
      const key = await resolveUser(api, user, picked);
      const [decision, perms, who, stored] = await Promise.all([
        api.request<CheckResult>("POST", "/allowed", {
          user: { key },
          action: chosenAction.key,
          resource: { type: chosen.key, key: instanceKey || undefined, tenant: t },
        }),
        api.request<UserPermissions>("POST", "/user-permissions", {
          user: { key },
          tenants: [t],
        }),
        lookUpUser(api, key).catch(() => null),
        instanceKey
          ? api
              .get<ResourceInstance>(api.facts(`/resource_instances/${seg(`${chosen.key}:${instanceKey}`)}`))
              .catch(() => undefined)
          : Promise.resolve(undefined),
      ]);
      const d = decision.body;
      // The tenant's own entry: instance entries (`document:d1`) carry the tenant too, but list resource roles.
      const here =
        perms.body[`__tenant:${t}`] ??
        Object.values(perms.body).find((p) => p.tenant.key === t && !("resource" in p));
      const outcome: TesterOutcome = {
        id: nextId.current++,
        user: key,
        who: personName(who),
        action: chosenAction.key,
        resource: chosen.key,
        resourceKey: instanceKey,
        tenant: d.debug?.tenant ?? t,
        allow: d.allow,
        reason: d.debug?.reason ?? (d.allow ? "allowed" : "denied"),
        grantedBy: d.debug?.granted_by,
        via: d.debug?.via,
        path: d.debug?.path,
        tenantNote:
          stored?.tenant !== undefined && stored.tenant !== (d.debug?.tenant ?? t)
            ? `${chosen.key}:${instanceKey} belongs to tenant “${stored.tenant}”: its role assignments and relationships count only in checks made there (permit.check sends tenant “default” unless told otherwise).`
            : undefined,
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
          <SelectField
            label="Resource"
            value={chosen?.key ?? ""}
            onChange={(value) => {
              setResource(value);
              setAction("");
            }}
            choices={namedChoices(resources)}
            testId="tester-resource"
          />
          <SelectField
            label="Action"
            value={chosenAction?.key ?? ""}
            onChange={setAction}
            choices={choicesBy(actions, (a) => a.name)}
            testId="tester-action"
          />
          <div className="field">
            <label htmlFor={ids.key}>Instance (optional)</label>
            <input
              id={ids.key}
              value={resourceKey}
              onChange={(e) => {
                setResourceKey(e.target.value);
                // `folder:f1` picks the resource type too, as permit.check reads it.
                const typedType = parseInstanceId(e.target.value.trim())?.type;
                if (typedType && typedType !== chosen?.key && resources.some((r) => r.key === typedType)) {
                  setResource(typedType);
                  setAction("");
                }
              }}
              spellCheck={false}
              aria-describedby={ids.keyHint}
              data-testid="tester-key"
            />
            <p id={ids.keyHint} className="hint">
              A key of the chosen resource, or <code>type:key</code> such as <code>document:d1</code>.
            </p>
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
