/** Decision reasons (Permit's debug reasons) in words a person can act on. */

export interface DecisionFacts {
  allow: boolean;
  reason: string;
  user: string;
  action: string;
  resource: string;
  tenant: string;
  grantedBy?: string | undefined;
}

export function reasonTitle(reason: string): string {
  switch (reason) {
    case "allowed":
      return "Allowed";
    case "user_not_synced":
      return "User not synced";
    case "no_such_tenant":
      return "No such tenant";
    case "no_such_resource":
      return "No such resource";
    case "no_such_action":
      return "No such action";
    case "no_role_in_tenant":
      return "No role in tenant";
    case "no_permission":
      return "No permission";
    default:
      return reason.replaceAll("_", " ");
  }
}

/** One sentence: why the decision came out as it did, and what would change it. */
export function explainDecision(d: DecisionFacts): string {
  const perm = `${d.resource}:${d.action}`;
  switch (d.reason) {
    case "allowed":
      return d.grantedBy
        ? `Allowed: ${d.user}'s role “${d.grantedBy}” in tenant “${d.tenant}” grants ${perm}.`
        : `Allowed: a role of ${d.user} in tenant “${d.tenant}” grants ${perm}.`;
    case "user_not_synced":
      return `Denied: there is no user “${d.user}” — sync the user first.`;
    case "no_such_tenant":
      return `Denied: there is no tenant “${d.tenant}”.`;
    case "no_such_resource":
      return `Denied: there is no resource “${d.resource}” in the schema.`;
    case "no_such_action":
      return `Denied: resource “${d.resource}” has no action “${d.action}”.`;
    case "no_role_in_tenant":
      return `Denied: ${d.user} has no role in tenant “${d.tenant}”.`;
    case "no_permission":
      return `Denied: none of ${d.user}'s roles in tenant “${d.tenant}” grants ${perm}, directly or through “extends”.`;
    default:
      return `${d.allow ? "Allowed" : "Denied"} (${d.reason}).`;
  }
}
