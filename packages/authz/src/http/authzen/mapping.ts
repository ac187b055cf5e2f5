import type { Static } from "typebox";
import type { CheckRequest } from "../schemas.ts";
import type { ActionT, ContextT, EvaluationsT, EvaluationT, ResourceT, SubjectT } from "./schemas.ts";

/** The tenant a resource is in when its properties name none (as the Permit SDK defaults it). */
export const DEFAULT_TENANT = "default";
const USER_FIELDS = new Set(["email", "first_name", "last_name"]);

/**
 * AuthZEN subject → Permit user: `id` is the user key; `email`, `first_name` and `last_name`
 * properties are the user's fields and the other properties its attributes. The subject's `type`
 * is not used: every Permit subject is a user.
 */
export function toPermitUser(subject: SubjectT): Static<typeof CheckRequest>["user"] {
  const user: { key: string; email?: string; first_name?: string; last_name?: string } = { key: subject.id };
  const attributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(subject.properties ?? {})) {
    if (USER_FIELDS.has(name) && typeof value === "string") user[name as "email"] = value;
    else attributes[name] = value;
  }
  return Object.keys(attributes).length > 0 ? { ...user, attributes } : user;
}

/**
 * AuthZEN resource → Permit resource instance `type:key`: `id` is the instance key, a string
 * `tenant` property its tenant (else "default"), the other properties its attributes.
 */
export function toPermitResource(resource: { type: string; id?: string; properties?: ContextT }) {
  const { tenant, ...attributes } = resource.properties ?? {};
  return {
    type: resource.type,
    ...(resource.id !== undefined && { key: resource.id }),
    tenant: typeof tenant === "string" && tenant !== "" ? tenant : DEFAULT_TENANT,
    ...(Object.keys(attributes).length > 0 && { attributes }),
  };
}

/** One AuthZEN evaluation as the body `/allowed` takes. */
export function toCheckRequest(e: EvaluationT): Static<typeof CheckRequest> {
  return {
    user: toPermitUser(e.subject),
    action: e.action.name,
    resource: toPermitResource(e.resource),
    ...(e.context !== undefined && { context: e.context }),
  };
}

export class EvaluationsError extends Error {
  override name = "EvaluationsError";
}

/**
 * The evaluations of a batch with the request's defaults applied (spec §7.1.1): an item's
 * subject, action or resource replaces the default whole; contexts merge key by key, the item's
 * winning. Throws naming the positions still missing a member.
 */
export function resolveEvaluations(body: EvaluationsT): EvaluationT[] {
  const items = body.evaluations ?? [];
  if (items.length === 0) throw new EvaluationsError("No evaluations provided");
  const missing: string[] = [];
  const resolved = items.map((item, i) => {
    const subject: SubjectT | undefined = item.subject ?? body.subject;
    const action: ActionT | undefined = item.action ?? body.action;
    const resource: ResourceT | undefined = item.resource ?? body.resource;
    const absent = [!subject && "subject", !action && "action", !resource && "resource"].filter(Boolean);
    if (absent.length > 0) missing.push(`evaluations[${i}] has no ${absent.join(", ")}`);
    const context =
      body.context === undefined && item.context === undefined
        ? undefined
        : { ...body.context, ...item.context };
    return { subject, action, resource, ...(context !== undefined && { context }) } as EvaluationT;
  });
  if (missing.length > 0) throw new EvaluationsError(`Invalid evaluations: ${missing.join("; ")}`);
  return resolved;
}

export type Semantic = "execute_all" | "deny_on_first_deny" | "permit_on_first_permit";

/**
 * Runs `decide` over the evaluations in order. The short-circuit semantics stop after the first
 * deny (or permit) and return the results up to and including it, the last one saying why.
 */
export function runEvaluations<D extends { decision: boolean; context?: Record<string, unknown> }>(
  evaluations: readonly EvaluationT[],
  semantic: Semantic,
  decide: (e: EvaluationT) => D,
): D[] {
  const out: D[] = [];
  for (const [i, e] of evaluations.entries()) {
    const d = decide(e);
    out.push(d);
    const stop =
      (semantic === "deny_on_first_deny" && !d.decision) ||
      (semantic === "permit_on_first_permit" && d.decision);
    if (stop) {
      out[i] = { ...d, context: { ...d.context, id: String(i), reason: semantic } };
      break;
    }
  }
  return out;
}

/** Search paging: the token is the offset of the next result, opaque to the caller. */
export function pageOf<T>(all: readonly T[], page: { token?: string; limit?: number } | undefined) {
  const limit = page?.limit ?? 1000;
  const offset = page?.token ? Number.parseInt(Buffer.from(page.token, "base64url").toString(), 10) : 0;
  if (!Number.isSafeInteger(offset) || offset < 0) throw new EvaluationsError("Invalid page token");
  const results = all.slice(offset, offset + limit);
  const next = offset + limit < all.length ? Buffer.from(String(offset + limit)).toString("base64url") : "";
  return { results, page: { next_token: next } };
}
