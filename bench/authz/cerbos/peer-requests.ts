import type { LoadRequest } from "../../lib/load-spec.ts";
import type { AbacQuestion, RebacQuestion } from "../peer-dataset.ts";
import { PEER_BASE_ROLE } from "./peer-policies.ts";

/**
 * The peer bench's questions as Cerbos `CheckResources` calls. Cerbos keeps no facts, so each
 * request carries what Tollgate looks up itself: the user's attributes (ABAC), and the document's
 * owner and ancestor folders with the user's editor folders (ReBAC).
 */
function check(principal: unknown, resource: unknown, action: string): LoadRequest {
  return {
    method: "POST",
    path: "/api/check/resources",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ principal, resources: [{ resource, actions: [action] }] }),
  };
}

export function cerbosAbacRequests(questions: readonly AbacQuestion[]): LoadRequest[] {
  return questions.map((q) =>
    check(
      { id: q.user.key, roles: [PEER_BASE_ROLE], attr: q.user.attributes },
      { kind: "report", id: "r", attr: q.report },
      "read",
    ),
  );
}

export function cerbosRebacRequests(questions: readonly RebacQuestion[]): LoadRequest[] {
  return questions.map((q) =>
    check(
      { id: q.user.key, roles: [PEER_BASE_ROLE], attr: { editor_of: [q.user.editorOf] } },
      {
        kind: "document",
        id: q.document.key,
        attr: { owner: q.document.owner, ancestors: q.document.ancestors },
      },
      "edit",
    ),
  );
}

/** The action's effect in the first (only) result. */
export function readCerbosAllow(body: unknown, action: string): boolean {
  const results = (body as { results?: { actions?: Record<string, string> }[] }).results;
  return results?.[0]?.actions?.[action] === "EFFECT_ALLOW";
}
