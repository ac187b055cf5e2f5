/**
 * Body and query mutations driven by the service's own request schemas (read from /openapi.json).
 * TypeBox, the validator the service uses, is the oracle: a mutation is reported as
 * schema-invalid only when TypeBox rejects it, so a 2xx for it is a real finding, and a variant
 * TypeBox accepts is rejected another way (see `Reject` in routes.ts) instead of assumed bad.
 *
 * The OpenAPI rendering drops `patternProperties` key patterns (record keys), so it can only be
 * more lenient than the service; mutations never rename record keys, which keeps the two in step.
 */
import { Compile } from "typebox/compile";
import type { Prng } from "./prng.ts";

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema documents are untyped.
export type JsonSchema = Record<string, any>;
export type JsonPath = (string | number)[];

export function oracle(schema: JsonSchema): (value: unknown) => boolean {
  const compiled = Compile(schema as never);
  return (value) => compiled.Check(value);
}

/**
 * What the service does to a querystring before checking it: integers must be written as
 * integers, booleans as true/false/1/0 (TypeBox's conversion, minus its truncation of `1.5` and
 * reading of `""` as 0, which the service refuses). Anything else stays a string and fails.
 */
export function queryOracle(schema: JsonSchema): (query: Record<string, unknown>) => boolean {
  const check = oracle(schema);
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  return (query) => {
    const converted: Record<string, unknown> = {};
    for (const [name, raw] of Object.entries(query)) {
      const type = props[name]?.type;
      let value: unknown = raw;
      if (typeof raw === "string" && type === "integer" && /^-?\d+$/.test(raw))
        value = Math.trunc(Number(raw));
      if (typeof raw === "string" && type === "boolean") {
        const lower = raw.toLowerCase();
        if (lower === "true" || raw === "1") value = true;
        if (lower === "false" || raw === "0") value = false;
      }
      converted[name] = value;
    }
    return check(converted);
  };
}

export interface Site {
  path: JsonPath;
  schema: JsonSchema;
  present: boolean;
  required: boolean;
  value: unknown;
}

/** The branch of a union the value is in (or the first object-ish branch), for walking into it. */
function branchOf(schema: JsonSchema, value: unknown): JsonSchema {
  const options = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (!options) return schema;
  if (value !== undefined) {
    for (const option of options) if (oracle(option)(value)) return option;
  }
  return options.find((o) => o.type === "object") ?? options[0]!;
}

/** Every location of a template, with the subschema that governs it. */
export function sitesOf(schema: JsonSchema, value: unknown): Site[] {
  const out: Site[] = [];
  const walk = (s: JsonSchema, v: unknown, path: JsonPath, present: boolean, required: boolean) => {
    out.push({ path, schema: s, present, required, value: v });
    const b = branchOf(s, present ? v : undefined);
    if (b.type === "object") {
      const props = (b.properties ?? {}) as Record<string, JsonSchema>;
      const req = new Set<string>(b.required ?? []);
      const obj = present && v !== null && typeof v === "object" ? (v as Record<string, unknown>) : undefined;
      for (const [k, sub] of Object.entries(props)) {
        const has = obj !== undefined && Object.hasOwn(obj, k);
        walk(sub, has ? obj[k] : undefined, [...path, k], has, req.has(k));
      }
      const extra = b.additionalProperties;
      if (obj && extra && typeof extra === "object" && Object.keys(extra).length > 0) {
        for (const k of Object.keys(obj)) if (!(k in props)) walk(extra, obj[k], [...path, k], true, false);
      }
    }
    if (b.type === "array" && present && Array.isArray(v) && v.length > 0 && b.items) {
      walk(b.items, v[0], [...path, 0], true, false);
    }
  };
  walk(schema, value, [], true, true);
  return out;
}

export function setAt(root: unknown, path: JsonPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  // An optional object the template leaves out is created, so a site inside it can be set (AuthZEN's
  // `evaluations` template has no top-level `resource`, whose `type` still gets wrong values).
  for (const key of path.slice(0, -1)) {
    if (node[key] === undefined) node[key] = {};
    node = node[key] as Record<string | number, unknown>;
  }
  node[path[path.length - 1]!] = value;
  return copy;
}

export function deleteAt(root: unknown, path: JsonPath): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  delete node[path[path.length - 1]!];
  return copy;
}

export function pathLabel(path: JsonPath): string {
  return path.length === 0 ? "body" : `body.${path.join(".")}`;
}

/** JSON types a schema admits (`integer` counts as `number`); empty means any. */
function typesOf(schema: JsonSchema): Set<string> {
  const options = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (options) {
    const all = new Set<string>();
    for (const o of options) {
      const t = typesOf(o);
      if (t.size === 0) return t;
      for (const x of t) all.add(x);
    }
    return all;
  }
  const t = schema.type;
  if (t === undefined) return new Set();
  const list: string[] = Array.isArray(t) ? t : [t];
  return new Set(list.map((x) => (x === "integer" ? "number" : x)));
}

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

const WRONG_TYPES: unknown[] = [
  42,
  -1,
  3.5,
  0,
  1e308,
  true,
  false,
  null,
  "text",
  "",
  "42",
  "true",
  [],
  ["a", 1],
  [{}],
  {},
  { nested: { deeper: [] } },
];

/** Strings that fail key patterns: separators, traversal, control and invisible characters. */
export const PATTERN_BREAKERS = [
  " ",
  "has space",
  " leading",
  "trailing ",
  "a/b",
  "../etc/passwd",
  "..\\..\\win.ini",
  "%2e%2e%2f",
  "a:b",
  "a;b",
  "a,b",
  "a*",
  "key\u0000nul",
  "tab\there",
  "new\nline",
  "cr\rlf",
  "bell\u0007",
  "del\u007f",
  "😀",
  "emoji😀key",
  "ключ",
  "ｆｕｌｌｗｉｄｔｈ",
  "e\u0301",
  "zero\u200bwidth",
  "rtl\u202eoverride",
  "bom\ufeff",
  "lone\ud800surrogate",
  "<script>alert(1)</script>",
  "' OR '1'='1",
  '"quoted"',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a Log4Shell-style payload, as a literal.
  "${jndi:ldap://x}",
  "$(id)",
];

/** Unicode that schema-free string fields must carry through without trouble. */
export const UNICODE_SAMPLES = [
  "😀🚀🔥",
  "👩‍👩‍👧‍👦 family",
  "Ωμέγα ελληνικά",
  "日本語のテキスト",
  "مرحبا بالعالم",
  "rtl\u202eoverride",
  "zero\u200bwidth\u200d",
  "e\u0301\u0301\u0301 combining",
  "nul\u0000byte",
  "bom\ufeffinside",
  "lone\ud83dsurrogate",
  "\u0001\u0002\u001f controls",
  "𝕱𝖗𝖆𝖐𝖙𝖚𝖗",
  "Z̷̧͇̈́a̸̗͊l̵̹͝g̷̣̈o̸͍͐",
];

export interface BodyMutation {
  category: "body-schema" | "unicode" | "extra-fields" | "huge";
  label: string;
  body: unknown;
  /** TypeBox rejects it: the service must answer 422. */
  invalid: boolean;
}

/** Schema violations, one location at a time, each confirmed invalid by the oracle. */
export function schemaViolations(schema: JsonSchema, template: unknown, rng: Prng): BodyMutation[] {
  const valid = oracle(schema);
  const out: BodyMutation[] = [];
  const add = (label: string, body: unknown) => {
    if (!valid(body)) out.push({ category: "body-schema", label, body, invalid: true });
  };
  for (const site of sitesOf(schema, template)) {
    const where = pathLabel(site.path);
    if (site.present && site.required && site.path.length > 0)
      add(`${where} missing`, deleteAt(template, site.path));
    const allowed = typesOf(site.schema);
    if (allowed.size > 0) {
      const wrong = WRONG_TYPES.filter((v) => !allowed.has(jsonType(v)));
      for (const v of rng.sample(wrong, site.present ? 3 : 1)) {
        add(`${where} = ${jsonType(v)} ${JSON.stringify(v).slice(0, 20)}`, setAt(template, site.path, v));
      }
    }
    if (!site.present) continue;
    const s = branchOf(site.schema, site.value);
    if (s.type === "string") {
      if (typeof s.maxLength === "number") {
        add(`${where}: ${s.maxLength + 1} chars`, setAt(template, site.path, "x".repeat(s.maxLength + 1)));
        add(`${where}: 300k chars`, setAt(template, site.path, "y".repeat(300_000)));
        add(`${where}: ${s.maxLength + 1} emoji`, setAt(template, site.path, "😀".repeat(s.maxLength + 1)));
      }
      if (typeof s.minLength === "number" && s.minLength > 0)
        add(`${where} empty`, setAt(template, site.path, ""));
      if (typeof s.pattern === "string") {
        const re = new RegExp(s.pattern, "u");
        const breakers = PATTERN_BREAKERS.filter((p) => !re.test(p));
        for (const p of rng.sample(breakers, 6))
          add(`${where} = ${JSON.stringify(p)}`, setAt(template, site.path, p));
      }
      if (Array.isArray(s.enum)) add(`${where} not in enum`, setAt(template, site.path, "not-a-member"));
    }
    if (site.schema.anyOf && (site.schema.anyOf as JsonSchema[]).every((o) => Array.isArray(o.enum))) {
      add(`${where} not in enum`, setAt(template, site.path, "not-a-member"));
      add(`${where} enum in upper case`, setAt(template, site.path, String(site.value).toUpperCase()));
    }
    if (s.type === "integer" || s.type === "number") {
      if (typeof s.minimum === "number")
        add(`${where} below minimum`, setAt(template, site.path, s.minimum - 1));
      if (typeof s.maximum === "number")
        add(`${where} above maximum`, setAt(template, site.path, s.maximum + 1));
      if (s.type === "integer") add(`${where} fractional`, setAt(template, site.path, 1.5));
    }
    if (s.type === "array" && Array.isArray(site.value)) {
      const item = site.value[0] ?? "x";
      if (typeof s.maxItems === "number") {
        add(
          `${where}: ${s.maxItems + 1} items`,
          setAt(
            template,
            site.path,
            Array.from({ length: s.maxItems + 1 }, () => item),
          ),
        );
      }
      if (typeof s.minItems === "number" && s.minItems > 0)
        add(`${where} empty array`, setAt(template, site.path, []));
      add(`${where}: array of nulls`, setAt(template, site.path, [null, null]));
    }
  }
  return out;
}

/** Unicode in every string field; the oracle tells whether the field's schema refuses it. */
export function unicodeVariants(schema: JsonSchema, template: unknown, rng: Prng): BodyMutation[] {
  const valid = oracle(schema);
  const out: BodyMutation[] = [];
  for (const site of sitesOf(schema, template)) {
    if (!site.present || typeof site.value !== "string") continue;
    for (const sample of rng.sample(UNICODE_SAMPLES, 2)) {
      const body = setAt(template, site.path, sample);
      out.push({
        category: "unicode",
        label: `${pathLabel(site.path)} = ${JSON.stringify(sample)}`,
        body,
        invalid: !valid(body),
      });
    }
  }
  return out;
}

/** Unknown fields (tolerated by design, as Permit's API does) and mass-assignment attempts. */
export function extraFieldVariants(schema: JsonSchema, template: unknown): BodyMutation[] {
  const valid = oracle(schema);
  const extras: Record<string, unknown> = {
    id: "00000000-0000-0000-0000-000000000000",
    organization_id: "evil-org",
    project_id: "evil-project",
    created_at: "1970-01-01T00:00:00Z",
    isAdmin: true,
    role: "admin",
    constructor: "x",
    toString: 1,
    hasOwnProperty: null,
    valueOf: { x: 1 },
  };
  const out: BodyMutation[] = [];
  for (const site of sitesOf(schema, template)) {
    if (!site.present || site.value === null || typeof site.value !== "object" || Array.isArray(site.value))
      continue;
    const body = setAt(template, site.path, { ...(site.value as object), ...extras });
    out.push({
      category: "extra-fields",
      label: `extra fields in ${pathLabel(site.path)}`,
      body,
      invalid: !valid(body),
    });
  }
  return out;
}

/** Huge values where the schema puts no bound: free-form attributes and context. */
export function hugeFreeFormVariants(schema: JsonSchema, template: unknown): BodyMutation[] {
  const valid = oracle(schema);
  const out: BodyMutation[] = [];
  for (const site of sitesOf(schema, template)) {
    const free = site.schema.type === "object" && site.schema.additionalProperties !== undefined;
    if (!site.present || !free || Object.keys(site.schema.additionalProperties).length > 0) continue;
    const variants: [string, unknown][] = [
      ["a 400k-char string", { big: "z".repeat(400_000) }],
      ["a 100k-item array", { list: Array.from({ length: 100_000 }, (_, i) => i % 10) }],
      ["20k keys", Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]))],
    ];
    for (const [what, value] of variants) {
      const body = setAt(template, site.path, value);
      out.push({
        category: "huge",
        label: `${what} in ${pathLabel(site.path)}`,
        body,
        invalid: !valid(body),
      });
    }
  }
  return out;
}

/** Object and array locations, for nesting and prototype-key attacks. */
export function containerSites(schema: JsonSchema, template: unknown): Site[] {
  return sitesOf(schema, template).filter(
    (s) => s.present && s.value !== null && typeof s.value === "object",
  );
}
