import { explainFineGrained } from "../../model/fine-grained-reasons.ts";
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
  /** `rebac` / `abac` when the fine-grained model allowed, and its path or rule (or, denied, what it missed). */
  via?: string | undefined;
  path?: string | undefined;
  /** Said when the instance lives in another tenant than the one checked. */
  tenantNote?: string | undefined;
  /** The user's roles in the tenant checked, for context (undefined: unknown user). */
  roles: string[] | undefined;
}

/** The decision in large type, then why in a sentence, then the facts it rests on. */
export function TesterResult({ outcome }: { outcome: TesterOutcome }) {
  const o = outcome;
  const user = o.who ?? o.user;
  const fine = explainFineGrained({ ...o, user });
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
        {fine && o.allow ? fine : explainDecision({ ...o, user, grantedBy: o.grantedBy })}
      </p>
      {fine && !o.allow && (
        <p className="result-why" data-testid="tester-rebac-miss">
          {fine}
        </p>
      )}
      {o.tenantNote && (
        <p className="hint hint-warn" data-testid="tester-tenant-note">
          {o.tenantNote}
        </p>
      )}
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
        {o.path && (
          <div>
            <dt>{o.via === "abac" ? "Rule" : "Path"}</dt>
            <dd>
              <code data-testid="tester-path">{o.path}</code>
            </dd>
          </div>
        )}
        {o.grantedBy && (
          <div>
            <dt>{o.via === "abac" ? "Granted by user set" : "Granted by role"}</dt>
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
