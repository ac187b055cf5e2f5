import type { NewAuditRecord } from "../storage/audit.ts";

/**
 * A batch of decisions kept column by column: recording one is eight array pushes (no object, no
 * date formatting), and handing a batch to the writer thread clones eight arrays instead of
 * thousands of objects. The time is epoch milliseconds until it is written.
 */
export interface DecisionColumns {
  at: number[];
  user: string[];
  action: string[];
  type: string[];
  key: (string | null)[];
  tenant: string[];
  allow: number[];
  reason: string[];
}

export function emptyColumns(): DecisionColumns {
  return { at: [], user: [], action: [], type: [], key: [], tenant: [], allow: [], reason: [] };
}

/** Appends `b` to `a` (used to put back a batch that failed to write). */
export function prependColumns(a: DecisionColumns, b: DecisionColumns): DecisionColumns {
  return {
    at: [...a.at, ...b.at],
    user: [...a.user, ...b.user],
    action: [...a.action, ...b.action],
    type: [...a.type, ...b.type],
    key: [...a.key, ...b.key],
    tenant: [...a.tenant, ...b.tenant],
    allow: [...a.allow, ...b.allow],
    reason: [...a.reason, ...b.reason],
  };
}

/** Keeps the last `n` rows. */
export function lastRows(c: DecisionColumns, n: number): DecisionColumns {
  const from = Math.max(0, c.at.length - n);
  return {
    at: c.at.slice(from),
    user: c.user.slice(from),
    action: c.action.slice(from),
    type: c.type.slice(from),
    key: c.key.slice(from),
    tenant: c.tenant.slice(from),
    allow: c.allow.slice(from),
    reason: c.reason.slice(from),
  };
}

export function toRecords(c: DecisionColumns): NewAuditRecord[] {
  return c.at.map((at, i) => ({
    at: new Date(at).toISOString(),
    user: c.user[i]!,
    action: c.action[i]!,
    resource_type: c.type[i]!,
    resource_key: c.key[i] ?? null,
    tenant: c.tenant[i]!,
    allow: c.allow[i] === 1,
    reason: c.reason[i]!,
  }));
}
