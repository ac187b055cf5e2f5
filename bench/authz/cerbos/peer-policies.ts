import { writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Cerbos policies asking the same questions as the peer bench's Tollgate schema (peer-dataset.ts).
 *
 * - `report` (ABAC): one rule whose condition is the six comparisons of Tollgate's user set
 *   `senior_eng` and resource set `open_eng_reports`, over the same attribute names.
 * - `document` (ReBAC-like): derived roles `owner` (`R.attr.owner == P.id`) and `folder_editor`
 *   (one of the document's ancestor folders is among the principal's `editor_of`). Cerbos stores
 *   no relationships, so the caller sends the ancestors and the principal's folders as attributes:
 *   the graph walk Tollgate does from its tuples is the caller's work on the Cerbos side.
 *
 * Every principal carries the base role `user` (Cerbos requires a role; it grants nothing alone).
 */
export const PEER_BASE_ROLE = "user";

const ABAC_CONDITIONS = [
  'P.attr.dept == "eng"',
  "P.attr.level >= 5",
  '"oncall" in P.attr.tags',
  'R.attr.owner_dept == "eng"',
  "R.attr.level < 7",
  "R.attr.archived == false",
];

function reportPolicy(): string {
  return [
    "apiVersion: api.cerbos.dev/v1",
    "resourcePolicy:",
    '  version: "default"',
    '  resource: "report"',
    "  rules:",
    '    - actions: ["read"]',
    "      effect: EFFECT_ALLOW",
    `      roles: ["${PEER_BASE_ROLE}"]`,
    "      condition:",
    "        match:",
    "          all:",
    "            of:",
    ...ABAC_CONDITIONS.map((expr) => `              - expr: ${JSON.stringify(expr)}`),
    "",
  ].join("\n");
}

function documentRoles(): string {
  return [
    "apiVersion: api.cerbos.dev/v1",
    "derivedRoles:",
    "  name: document_relations",
    "  definitions:",
    "    - name: owner",
    `      parentRoles: ["${PEER_BASE_ROLE}"]`,
    "      condition:",
    "        match:",
    "          expr: R.attr.owner == P.id",
    "    - name: folder_editor",
    `      parentRoles: ["${PEER_BASE_ROLE}"]`,
    "      condition:",
    "        match:",
    "          expr: R.attr.ancestors.exists(f, f in P.attr.editor_of)",
    "",
  ].join("\n");
}

function documentPolicy(): string {
  return [
    "apiVersion: api.cerbos.dev/v1",
    "resourcePolicy:",
    '  version: "default"',
    '  resource: "document"',
    '  importDerivedRoles: ["document_relations"]',
    "  rules:",
    '    - actions: ["read", "edit"]',
    "      effect: EFFECT_ALLOW",
    '      derivedRoles: ["owner", "folder_editor"]',
    '    - actions: ["delete"]',
    "      effect: EFFECT_ALLOW",
    '      derivedRoles: ["owner"]',
    "",
  ].join("\n");
}

export function writePeerPolicies(dir: string): void {
  writeFileSync(join(dir, "report.yaml"), reportPolicy());
  writeFileSync(join(dir, "document_relations.yaml"), documentRoles());
  writeFileSync(join(dir, "document.yaml"), documentPolicy());
}
