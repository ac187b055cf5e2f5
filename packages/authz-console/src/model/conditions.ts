/**
 * Permit's condition grammar as the console's structured editor edits it: one group, "all of" or
 * "any of" attribute–operator–value rows. Conditions of any other shape (nesting, `not`, refs,
 * object matches) are edited as JSON instead.
 */

export type Mode = "allOf" | "anyOf";

export interface ConditionRow {
  /** `user.dept`, `resource.level`, `tenant.plan`, `context.ip`. */
  attribute: string;
  operator: string;
  /** As typed: parsed by the attribute's type when saved. */
  value: string;
}

export interface ConditionGroup {
  mode: Mode;
  rows: ConditionRow[];
}

export const OPERATORS: Record<string, string[]> = {
  string: ["equals", "not-equals", "contains", "in"],
  number: [
    "equals",
    "not-equals",
    "greater-than",
    "greater-than-equals",
    "less-than",
    "less-than-equals",
    "between",
    "in",
  ],
  bool: ["equals", "not-equals"],
  time: ["equals", "greater-than", "greater-than-equals", "less-than", "less-than-equals"],
  array: ["array_contains", "array_subset", "array_superset", "array_intersect"],
};

/** Operators a row can use for an attribute of this type (unknown types: the string ones). */
export function operatorsFor(type: string | undefined): string[] {
  return OPERATORS[type ?? "string"] ?? OPERATORS.string ?? [];
}

const LIST_OPERATORS = new Set(["in", "between", "array_subset", "array_superset", "array_intersect"]);

/** Whether the operator takes a list: then the value is typed comma-separated. */
export const takesList = (operator: string) => LIST_OPERATORS.has(operator);

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function shown(value: unknown): string {
  if (Array.isArray(value))
    return value.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ");
  return typeof value === "string" ? value : JSON.stringify(value);
}

function leafRow(leaf: unknown): ConditionRow | undefined {
  if (!isRecord(leaf)) return undefined;
  const entries = Object.entries(leaf);
  if (entries.length !== 1) return undefined;
  const [attribute, opExpr] = entries[0] as [string, unknown];
  if (!/^(user|resource|tenant|context)\.[A-Za-z0-9_-]+$/.test(attribute) || !isRecord(opExpr))
    return undefined;
  const ops = Object.entries(opExpr);
  if (ops.length !== 1) return undefined;
  const [operator, value] = ops[0] as [string, unknown];
  if (isRecord(value) || !Object.values(OPERATORS).some((list) => list.includes(operator))) return undefined;
  return { attribute, operator, value: shown(value) };
}

function groupOf(expr: Record<string, unknown>): ConditionGroup | undefined {
  const keys = Object.keys(expr);
  if (keys.length !== 1) return undefined;
  const mode = keys[0] as Mode;
  const items = expr[mode];
  if ((mode !== "allOf" && mode !== "anyOf") || !Array.isArray(items)) return undefined;
  const rows: ConditionRow[] = [];
  for (const item of items) {
    const row = leafRow(item);
    if (!row) return undefined;
    rows.push(row);
  }
  return { mode, rows };
}

/**
 * The structured form of `conditions`, or undefined when they don't fit it. Accepts `{allOf|anyOf:
 * [leaf…]}` and Permit's own UI shape `{allOf: [{allOf|anyOf: [leaf…]}]}`; `{}` is an empty group.
 */
export function toGroup(conditions: unknown): ConditionGroup | undefined {
  if (conditions === undefined || (isRecord(conditions) && Object.keys(conditions).length === 0))
    return { mode: "allOf", rows: [] };
  if (!isRecord(conditions)) return undefined;
  const outer = conditions.allOf;
  if (
    Object.keys(conditions).length === 1 &&
    Array.isArray(outer) &&
    outer.length === 1 &&
    isRecord(outer[0])
  ) {
    const inner = groupOf(outer[0]);
    if (inner) return inner;
  }
  return groupOf(conditions);
}

/** A typed value: a number for number attributes, true/false for bool, lists split at commas. */
function parseScalar(text: string, type: string | undefined): { value: unknown } | { error: string } {
  const t = text.trim();
  if (type === "number") {
    const n = Number(t);
    if (t === "" || !Number.isFinite(n)) return { error: `“${t}” is not a number.` };
    return { value: n };
  }
  if (type === "bool") {
    if (t !== "true" && t !== "false") return { error: "Choose true or false." };
    return { value: t === "true" };
  }
  if (t === "") return { error: "Enter a value." };
  return { value: t };
}

export type RowErrors = Partial<Record<"attribute" | "operator" | "value", string>>;

/**
 * Permit's `conditions` from the group, in the shape Permit's own editor writes; or, per row, what
 * is wrong (nothing is sent until every row is right).
 */
export function fromGroup(
  group: ConditionGroup,
  typeOf: (attribute: string) => string | undefined,
  prefix: "user" | "resource",
): { conditions: Record<string, unknown> } | { errors: RowErrors[] } {
  const errors: RowErrors[] = [];
  const leaves: Record<string, unknown>[] = [];
  let failed = false;
  for (const row of group.rows) {
    const e: RowErrors = {};
    const type = typeOf(row.attribute);
    if (!new RegExp(`^(${prefix}|tenant|context)\\.[A-Za-z0-9_-]+$`).test(row.attribute))
      e.attribute = `Choose an attribute (${prefix}.name).`;
    if (!operatorsFor(type).includes(row.operator))
      e.operator = `“${row.operator}” does not apply to a ${type ?? "string"}.`;
    let value: unknown;
    if (takesList(row.operator)) {
      const itemType = type === "array" ? "string" : type;
      const items = row.value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      const parsed = items.map((i) => parseScalar(i, itemType));
      const bad = parsed.find((p) => "error" in p);
      if (items.length === 0) e.value = "Enter one or more values, separated by commas.";
      else if (bad && "error" in bad) e.value = bad.error;
      else if (row.operator === "between" && items.length !== 2) e.value = "Enter two values: low, high.";
      value = parsed.map((p) => ("value" in p ? p.value : undefined));
    } else {
      const p = parseScalar(row.value, type === "array" ? "string" : type);
      if ("error" in p) e.value = p.error;
      else value = p.value;
    }
    errors.push(e);
    if (Object.keys(e).length > 0) failed = true;
    else leaves.push({ [row.attribute]: { [row.operator]: value } });
  }
  if (failed) return { errors };
  return { conditions: leaves.length === 0 ? {} : { allOf: [{ [group.mode]: leaves }] } };
}

const WORDS: Record<string, string> = {
  equals: "is",
  "not-equals": "is not",
  contains: "contains",
  in: "is one of",
  between: "is between",
  "greater-than": ">",
  "greater-than-equals": "≥",
  "less-than": "<",
  "less-than-equals": "≤",
  array_contains: "includes",
  array_subset: "only has items from",
  array_superset: "has all of",
  array_intersect: "has any of",
};

/** "user.dept is eng, and resource.level < 3" — a set's conditions as a line a person reads. */
export function describeConditions(conditions: unknown): string {
  const group = toGroup(conditions);
  if (!group) return JSON.stringify(conditions);
  if (group.rows.length === 0) return "everyone (no conditions)";
  const joiner = group.mode === "allOf" ? ", and " : ", or ";
  return group.rows.map((r) => `${r.attribute} ${WORDS[r.operator] ?? r.operator} ${r.value}`).join(joiner);
}
