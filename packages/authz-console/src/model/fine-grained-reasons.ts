/** The fine-grained part of a decision (`debug.via` and `debug.path`) in words a person can follow. */

export interface FineGrainedFacts {
  allow: boolean;
  /** The user as a person reads them (name or e-mail, else the key). */
  user: string;
  action: string;
  resource: string;
  /** `rebac` or `abac` when one of them allowed. */
  via?: string | undefined;
  /** ReBAC `direct: document:d1` / `derived: folder:f1 → parent → document:d1`; ABAC the rule; on a deny, what ReBAC missed. */
  path?: string | undefined;
  /** The resource role (`document#editor`) or user set that granted. */
  grantedBy?: string | undefined;
}

/** `derived: folder:f1 → parent → document:d1` → instances and the relations between them. */
export function parseRebacPath(path: string): { direct: boolean; steps: string[] } | undefined {
  const m = /^(direct|derived):\s*(.+)$/.exec(path);
  if (!m?.[2]) return undefined;
  return { direct: m[1] === "direct", steps: m[2].split(" → ").map((s) => s.trim()) };
}

/** One or two sentences: how ReBAC or ABAC allowed, or what ReBAC found missing on a deny. */
export function explainFineGrained(d: FineGrainedFacts): string | undefined {
  const perm = `${d.resource}:${d.action}`;
  if (d.allow && d.via === "rebac" && d.path) {
    const p = parseRebacPath(d.path);
    const role = d.grantedBy ?? "a resource role";
    if (!p) return `Allowed through the resource role ${role} (${d.path}).`;
    const target = p.steps[p.steps.length - 1] ?? "";
    if (p.direct) return `Allowed: ${d.user} holds ${role} directly on ${target}, and it grants ${perm}.`;
    const links: string[] = [];
    for (let i = 1; i + 1 < p.steps.length; i += 2)
      links.push(`${p.steps[i - 1]} is the ${p.steps[i]} of ${p.steps[i + 1]}`);
    return `Allowed: ${d.user} holds a role on ${p.steps[0]}; ${links.join(", and ")}; so ${d.user} is ${role} on ${target}, which grants ${perm}.`;
  }
  if (d.allow && d.via === "abac" && d.path) {
    const [userSet, , resourceSet] = d.path.split(" → ");
    return `Allowed by the condition-set rule ${d.path}: ${d.user} is in user set “${userSet}” and the resource is in resource set “${resourceSet}”.`;
  }
  if (!d.allow && d.path) return `Relationships: ${d.path}.`;
  return undefined;
}
