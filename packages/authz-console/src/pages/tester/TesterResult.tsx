import { explainDecision, reasonTitle } from "../../model/reasons.ts";

export interface TesterOutcome {
  id: number;
  user: string;
  /** The user's name or e-mail, when synced. */
  who: string | undefined;
  action: string;
  resource: string;
  resourceKey: string;
  tenant: string;
  allow: boolean;
  reason: string;
  grantedBy: string | undefined;
  /** The user's roles in the tenant checked, for context (undefined: unknown user). */
  roles: string[] | undefined;
}

/** The decision in large type, then why in a sentence, then the facts it rests on. */
export function TesterResult({ outcome }: { outcome: TesterOutcome }) {
  const o = outcome;
  return (
    <div
      className={`result result-${o.allow ? "allow" : "deny"}`}
      data-testid="tester-result"
      data-allow={String(o.allow)}
    >
      <p className="result-decision" data-testid="tester-decision">
        {o.allow ? "Allowed" : "Denied"}
      </p>
      <p className="result-why" data-testid="tester-reason">
        {explainDecision({ ...o, user: o.who ?? o.user, grantedBy: o.grantedBy })}
      </p>
      <dl className="facts">
        <div>
          <dt>Reason</dt>
          <dd>
            {reasonTitle(o.reason)} <code>{o.reason}</code>
          </dd>
        </div>
        {o.who && (
          <div>
            <dt>User</dt>
            <dd dir="auto" data-testid="tester-who">
              {o.who}
            </dd>
          </div>
        )}
        <div>
          <dt>Request</dt>
          <dd>
            <code>
              {o.user} → {o.action} {o.resource}
              {o.resourceKey ? `:${o.resourceKey}` : ""} in {o.tenant}
            </code>
          </dd>
        </div>
        {o.grantedBy && (
          <div>
            <dt>Granted by role</dt>
            <dd data-testid="tester-granted-by">{o.grantedBy}</dd>
          </div>
        )}
        {o.roles !== undefined && (
          <div>
            <dt>User's roles in {o.tenant}</dt>
            <dd>{o.roles.length > 0 ? o.roles.join(", ") : "none"}</dd>
          </div>
        )}
      </dl>
    </div>
  );
}
