/**
 * Permit's condition grammar, compiled once into closures so a check evaluates a set with a few
 * property reads and comparisons. Semantics follow Permit's generated Rego: comparisons are strict
 * JSON-type comparisons (no coercion), a missing attribute makes a comparison false (even
 * `not-equals`), and `not` around it is true.
 */

/** Where a condition reads attributes from during one check. */
export interface ConditionContext {
  user(attr: string): unknown;
  resource(attr: string): unknown;
  tenant(attr: string): unknown;
  context(attr: string): unknown;
  /** Whether `user.roles` (the user's tenant roles in the request tenant, unless overridden) holds `role`. */
  hasRole(role: string): boolean;
  /** Stored attributes of an instance, for `fk_resource_type` matches. */
  instanceAttributes(type: string, key: string): Record<string, unknown> | undefined;
}

export type Condition = (ctx: ConditionContext) => boolean;
type Test = (value: unknown, ctx: ConditionContext) => boolean;
type Getter = (ctx: ConditionContext) => unknown;

export class ConditionError extends Error {
  readonly code = "INVALID_CONDITIONS";
}

const ALWAYS: Condition = () => true;

/** Compiles a `conditions` object; throws `ConditionError` naming the first thing it cannot read. */
export function compileConditions(expr: unknown): Condition {
  if (expr === undefined || expr === null) return ALWAYS;
  return compileExpr(expr, "conditions");
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function compileExpr(expr: unknown, where: string): Condition {
  if (!isPlainObject(expr)) throw new ConditionError(`${where} must be an object`);
  const parts: Condition[] = [];
  for (const [key, value] of Object.entries(expr)) {
    const at = `${where}.${key}`;
    if (key === "allOf" || key === "and")
      parts.push(every(list(value, at).map((e, i) => compileExpr(e, `${at}[${i}]`))));
    else if (key === "anyOf" || key === "or")
      parts.push(some(list(value, at).map((e, i) => compileExpr(e, `${at}[${i}]`))));
    else if (key === "not") {
      const inner = Array.isArray(value)
        ? every(value.map((e, i) => compileExpr(e, `${at}[${i}]`)))
        : compileExpr(value, at);
      parts.push((ctx) => !inner(ctx));
    } else {
      const get = compilePath(key, at);
      const test = compileOperators(value, at);
      parts.push((ctx) => test(get(ctx), ctx));
    }
  }
  return every(parts);
}

function list(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new ConditionError(`${where} must be an array`);
  return value;
}

function every(parts: Condition[]): Condition {
  if (parts.length === 0) return ALWAYS;
  if (parts.length === 1) return parts[0]!;
  if (parts.length === 2) {
    const [a, b] = parts as [Condition, Condition];
    return (ctx) => a(ctx) && b(ctx);
  }
  return (ctx) => {
    for (const p of parts) if (!p(ctx)) return false;
    return true;
  };
}

function some(parts: Condition[]): Condition {
  if (parts.length === 1) return parts[0]!;
  return (ctx) => {
    for (const p of parts) if (p(ctx)) return true;
    return false;
  };
}

/** `user.dept` → a getter; `subject.` and `environment.` are Permit's legacy aliases. */
function compilePath(path: string, where: string): Getter {
  const dot = path.indexOf(".");
  const attr = path.slice(dot + 1);
  if (dot <= 0 || attr === "") throw new ConditionError(`${where}: "${path}" is not an attribute path`);
  switch (path.slice(0, dot)) {
    case "user":
    case "subject":
      return (ctx) => ctx.user(attr);
    case "resource":
      return (ctx) => ctx.resource(attr);
    case "tenant":
      return (ctx) => ctx.tenant(attr);
    case "context":
    case "environment":
      return (ctx) => ctx.context(attr);
    default:
      throw new ConditionError(`${where}: "${path}" must start with user., resource., tenant. or context.`);
  }
}

/** An operand: a literal, or `{"ref": "user.x"}` read from another attribute at check time. */
type Operand = { literal: unknown } | { ref: Getter };

function operand(value: unknown, where: string): Operand {
  if (isPlainObject(value) && Object.keys(value).length === 1 && typeof value.ref === "string") {
    return { ref: compilePath(value.ref, `${where}.ref`) };
  }
  return { literal: value };
}

/** A comparison against a literal or a `ref`; a `ref` to a missing attribute makes it false. */
function comparing(
  op: Operand,
  cmp: (a: unknown, v: unknown) => boolean,
  check?: (v: unknown) => boolean,
): Test {
  if ("literal" in op) {
    const v = op.literal;
    return (a) => a !== undefined && cmp(a, v);
  }
  const ref = op.ref;
  return (a, ctx) => {
    if (a === undefined) return false;
    const v = ref(ctx);
    return v !== undefined && (check === undefined || check(v)) && cmp(a, v);
  };
}

function compileOperators(value: unknown, where: string): Test {
  if (!isPlainObject(value)) throw new ConditionError(`${where} must be an object of operators`);
  const tests: Test[] = [];
  for (const [op, arg] of Object.entries(value)) tests.push(compileOperator(op, arg, `${where}.${op}`));
  if (tests.length === 0) throw new ConditionError(`${where} names no operator`);
  if (tests.length === 1) return tests[0]!;
  return (a, ctx) => {
    for (const t of tests) if (!t(a, ctx)) return false;
    return true;
  };
}

const isNumber = (v: unknown): v is number => typeof v === "number";
const isString = (v: unknown): v is string => typeof v === "string";

function requireLiteral(op: Operand, ok: (v: unknown) => boolean, what: string, where: string): void {
  if ("literal" in op && !ok(op.literal)) throw new ConditionError(`${where} needs ${what}`);
}

function compileOperator(op: string, arg: unknown, where: string): Test {
  switch (op) {
    case "allOf":
    case "anyOf": {
      const tests = list(arg, where).map((e, i) => compileOperators(e, `${where}[${i}]`));
      return op === "allOf"
        ? (a, ctx) => tests.every((t) => t(a, ctx))
        : (a, ctx) => tests.some((t) => t(a, ctx));
    }
    case "not": {
      // `{"not": {...operators}}` negates them; a literal (Permit's own examples) means not-equal,
      // a list of literals means "none of these".
      if (isPlainObject(arg) && !("ref" in arg)) {
        const inner = compileOperators(arg, where);
        return (a, ctx) => !inner(a, ctx);
      }
      if (Array.isArray(arg)) return (a) => a !== undefined && !arg.some((v) => jsonEqual(a, v));
      return comparing(operand(arg, where), (a, v) => !jsonEqual(a, v));
    }
    case "equals":
      return comparing(operand(arg, where), jsonEqual);
    case "not-equals":
      return comparing(operand(arg, where), (a, v) => !jsonEqual(a, v));
    case "greater-than":
    case "greater-than-equals":
    case "less-than":
    case "less-than-equals": {
      const o = operand(arg, where);
      requireLiteral(o, isNumber, "a number", where);
      const cmp = NUMERIC[op]!;
      return comparing(o, (a, v) => isNumber(a) && isNumber(v) && cmp(a, v), isNumber);
    }
    case "contains": {
      const o = operand(arg, where);
      requireLiteral(o, isString, "a string", where);
      return comparing(o, (a, v) => isString(a) && isString(v) && a.includes(v));
    }
    case "array_contains":
      return comparing(operand(arg, where), (a, v) => Array.isArray(a) && a.some((x) => jsonEqual(x, v)));
    case "array_subset":
    case "array_superset":
    case "array_intersect": {
      const o = operand(arg, where);
      requireLiteral(o, Array.isArray, "an array", where);
      const cmp = ARRAYS[op]!;
      return comparing(o, (a, v) => Array.isArray(a) && Array.isArray(v) && cmp(a, v), Array.isArray);
    }
    case "in": {
      const o = operand(arg, where);
      requireLiteral(o, Array.isArray, "an array", where);
      return comparing(o, (a, v) => Array.isArray(v) && v.some((x) => jsonEqual(a, x)));
    }
    case "between": {
      if (!Array.isArray(arg) || arg.length !== 2 || !isNumber(arg[0]) || !isNumber(arg[1]))
        throw new ConditionError(`${where} needs [low, high] numbers`);
      const [lo, hi] = arg as [number, number];
      return (a) => isNumber(a) && a >= lo && a <= hi;
    }
    case "object_match":
    case "any_match":
    case "all_match":
      return compileMatch(op, arg, where);
    default:
      throw new ConditionError(`${where}: unknown operator "${op}"`);
  }
}

const NUMERIC: Record<string, (a: number, v: number) => boolean> = {
  "greater-than": (a, v) => a > v,
  "greater-than-equals": (a, v) => a >= v,
  "less-than": (a, v) => a < v,
  "less-than-equals": (a, v) => a <= v,
};

const ARRAYS: Record<string, (a: unknown[], v: unknown[]) => boolean> = {
  array_subset: (a, v) => a.every((x) => v.some((y) => jsonEqual(x, y))),
  array_superset: (a, v) => v.every((y) => a.some((x) => jsonEqual(x, y))),
  array_intersect: (a, v) => a.some((x) => v.some((y) => jsonEqual(x, y))),
};

/**
 * `object_match` tests one object, `any_match`/`all_match` each object of an array, against
 * `{"match": {field: operators}}`. With `fk_resource_type` the value holds instance keys, replaced
 * by those instances' stored attributes before matching.
 */
function compileMatch(op: "object_match" | "any_match" | "all_match", arg: unknown, where: string): Test {
  if (!isPlainObject(arg) || !isPlainObject(arg.match))
    throw new ConditionError(`${where} needs {"match": {...}}`);
  const fk = arg.fk_resource_type;
  if (fk !== undefined && !isString(fk))
    throw new ConditionError(`${where}.fk_resource_type must be a string`);
  const fields = Object.entries(arg.match).map(([field, ops]) => ({
    field,
    test: compileOperators(ops, `${where}.match.${field}`),
  }));
  const matches = (o: unknown, ctx: ConditionContext): boolean => {
    if (!isPlainObject(o)) return false;
    for (const f of fields) if (!f.test(o[f.field], ctx)) return false;
    return true;
  };
  const resolve = (v: unknown, ctx: ConditionContext): unknown =>
    fk !== undefined && isString(v) ? ctx.instanceAttributes(fk, v) : v;
  if (op === "object_match") {
    return (a, ctx) => {
      if (fk !== undefined && Array.isArray(a))
        return a.length > 0 && a.every((k) => matches(resolve(k, ctx), ctx));
      return matches(resolve(a, ctx), ctx);
    };
  }
  if (op === "any_match") return (a, ctx) => Array.isArray(a) && a.some((o) => matches(resolve(o, ctx), ctx));
  return (a, ctx) => Array.isArray(a) && a.every((o) => matches(resolve(o, ctx), ctx));
}

/** JSON equality: by value for scalars (no coercion), structural for arrays and objects. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.hasOwn(b, k)) return false;
    if (!jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}
