/**
 * The barrage: malformed and hostile requests for every route, each with the statuses that count as
 * a correct rejection. Everything is drawn from a seeded PRNG, so a seed names one exact barrage.
 *
 * Only requests that must be rejected are generated. Where a variant is schema-valid (unicode in a
 * name, unknown fields, huge free-form attributes), it is aimed at something missing or conflicting
 * (404/409) or asked of the PDP about unknown things (200 denial) so it is still rejected, after
 * having gone through validation and into the service.
 */
import { randomUUID } from "node:crypto";
import type { FuzzRequest } from "./client.ts";
import type { Prng } from "./prng.ts";
import { isAuthzenPath, KNOWN, ROUTES, type RouteSpec, routeId } from "./routes.ts";
import {
  containerSites,
  extraFieldVariants,
  hugeFreeFormVariants,
  type JsonSchema,
  oracle,
  pathLabel,
  queryOracle,
  schemaViolations,
  setAt,
  UNICODE_SAMPLES,
  unicodeVariants,
} from "./schema-fuzz.ts";

export interface CaseContext {
  rng: Prng;
  apiKey: string;
  host: string;
  port: number;
  scope: { organization_id: string; project_id: string; environment_id: string };
  // biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is untyped JSON.
  openapi: any;
}

const BODY_LIMIT = 1024 * 1024;
const DEEP = "__FUZZ_DEEP__";
const MARK = "__FUZZ_MARK__";

// ---- helpers -------------------------------------------------------------------------------------

interface PathOverrides {
  proj?: string;
  env?: string;
  /** Raw (already percent-encoded) values for path parameters. */
  params?: Record<string, string>;
}

function fill(ctx: CaseContext, route: RouteSpec, o: PathOverrides = {}): string {
  return route.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    if (name === "proj_id") return o.proj ?? ctx.scope.project_id;
    if (name === "env_id") return o.env ?? ctx.scope.environment_id;
    return o.params?.[name] ?? encodeURIComponent(route.params?.[name] ?? "x");
  });
}

function openapiOp(ctx: CaseContext, route: RouteSpec) {
  const path = routeId(route.method, route.path).split(" ")[1]!;
  return ctx.openapi.paths[path]?.[route.method.toLowerCase()];
}

function bodySchema(ctx: CaseContext, route: RouteSpec): JsonSchema | undefined {
  return openapiOp(ctx, route)?.requestBody?.content?.["application/json"]?.schema;
}

function queryParams(ctx: CaseContext, route: RouteSpec): { name: string; schema: JsonSchema }[] {
  const params = (openapiOp(ctx, route)?.parameters ?? []) as {
    in: string;
    name: string;
    schema: JsonSchema;
  }[];
  return params.filter((p) => p.in === "query").map((p) => ({ name: p.name, schema: p.schema }));
}

const json = (v: unknown) => JSON.stringify(v);
/** Routes that name a project and an environment (the project reads name only a project). */
const scoped = (r: RouteSpec) => r.path.includes(":proj_id") && r.path.includes(":env_id");
const bodyRoutes = () => ROUTES.filter((r) => r.body !== undefined);
/** Routes where Fastify parses a request body, with or without a schema for it. */
const bodyCarrying = () =>
  ROUTES.filter(
    (r) => r.method !== "GET" && !(r.auth === "none") && !r.stream && r.path !== "/v2/api-key/scope",
  );

/** A valid-shaped key that names nothing; `n` keeps them distinct. */
const ghost = (n: number) => `ghost-${n}`;

interface Rejected {
  path: string;
  body: unknown;
  expect: number[];
  denial?: boolean;
  how: string;
}

/** Makes a schema-valid body certain to be rejected, per the route's strategy. */
function rejectValid(ctx: CaseContext, route: RouteSpec, body: unknown, n: number): Rejected | undefined {
  const r = route.reject;
  if (!r) return undefined;
  switch (r.kind) {
    case "param":
      return {
        path: fill(ctx, route, { params: { [r.param]: ghost(n) } }),
        body,
        expect: [404],
        how: `${r.param} missing`,
      };
    case "body": {
      const changed = r.apply(body);
      const schema = bodySchema(ctx, route);
      if (schema && !oracle(schema)(changed)) return undefined;
      return { path: fill(ctx, route), body: changed, expect: [r.status], how: `conflict (${r.status})` };
    }
    case "denial":
      return { path: fill(ctx, route), body, expect: [200], denial: true, how: "PDP denial" };
    case "scope":
      return { path: fill(ctx, route, { env: "ghost-env" }), body, expect: [404], how: "wrong environment" };
  }
}

function request(
  category: string,
  label: string,
  route: RouteSpec,
  path: string,
  extra: Partial<FuzzRequest> & { expect: readonly number[] },
): FuzzRequest {
  return { category, label: `${route.method} ${route.path}: ${label}`, method: route.method, path, ...extra };
}

// ---- 1. authorization header ---------------------------------------------------------------------

function authCases(ctx: CaseContext): FuzzRequest[] {
  const key = ctx.apiKey;
  const variants: {
    label: string;
    auth: string | null;
    status: 401 | 403;
    headers?: Record<string, string>;
  }[] = [
    { label: "no Authorization", auth: null, status: 401 },
    { label: "empty Authorization", auth: "", status: 401 },
    { label: "'Bearer' alone", auth: "Bearer", status: 401 },
    { label: "'Bearer ' and spaces", auth: "Bearer     ", status: 401 },
    { label: "Basic scheme", auth: `Basic ${Buffer.from(`${key}:`).toString("base64")}`, status: 401 },
    { label: "Token scheme", auth: `Token ${key}`, status: 401 },
    { label: "key without a scheme", auth: key, status: 401 },
    { label: "key in X-Api-Key only", auth: null, status: 401, headers: { "x-api-key": key } },
    { label: "key one char longer", auth: `Bearer ${key}x`, status: 403 },
    { label: "key one char shorter", auth: `Bearer ${key.slice(0, -1)}`, status: 403 },
    { label: "key in upper case", auth: `Bearer ${key.toUpperCase()}`, status: 403 },
    { label: "8 KB key", auth: `Bearer ${"k".repeat(8000)}`, status: 403 },
    { label: "latin1 bytes in key", auth: "Bearer cl\u00e9-\u00ff", status: 403 },
    { label: "key twice", auth: `Bearer ${key} ${key}`, status: 403 },
    { label: "'Bearer null'", auth: "Bearer null", status: 403 },
    { label: "'Bearer undefined'", auth: "Bearer undefined", status: 403 },
    { label: "traversal as key", auth: "Bearer ../../etc/passwd", status: 403 },
    { label: "percent-encoded key", auth: `Bearer ${encodeURIComponent(`${key}/`)}`, status: 403 },
    { label: "JSON as key", auth: `Bearer {"key":"${key}"}`, status: 403 },
  ];
  const out: FuzzRequest[] = [];
  for (const route of ROUTES.filter((r) => r.auth !== "none")) {
    for (const v of ctx.rng.sample(variants, 8)) {
      const query = route.stream ? "" : ctx.rng.chance(0.2) ? `?api_key=${encodeURIComponent(key)}` : "";
      out.push(
        request("auth", v.label + (query ? " (+ key in query)" : ""), route, fill(ctx, route) + query, {
          auth: v.auth,
          headers: v.headers,
          body: route.body === undefined ? undefined : json(route.body),
          expect: [v.status],
        }),
      );
    }
  }
  // The SDK's all-tenants call carries the key in the body; a wrong one there is still refused.
  const allTenants = ROUTES.find((r) => r.auth === "key-or-body")!;
  const params = { user: "ghost", action: "get", resource: "task", context: {} };
  const sdk = (headers: unknown) => json({ headers, params });
  const sdkCases: [string, string | null, string, number][] = [
    ["SDK body, wrong key in body", null, sdk({ Authorization: "Bearer nope" }), 403],
    ["SDK body, no key anywhere", null, sdk({}), 401],
    ["SDK body, no headers at all", null, json({ params }), 401],
    ["SDK body, empty key in body", null, sdk({ Authorization: "Bearer " }), 401],
    ["SDK body, Basic in body", null, sdk({ Authorization: `Basic ${ctx.apiKey}` }), 401],
    [
      "SDK body, valid key in body but wrong header",
      "Bearer nope",
      sdk({ Authorization: `Bearer ${key}` }),
      403,
    ],
    ["SDK body, lower-case header name, wrong key", null, sdk({ authorization: `Bearer ${key}!` }), 403],
  ];
  for (const [label, auth, body, status] of sdkCases) {
    out.push(request("auth", label, allTenants, allTenants.path, { auth, body, expect: [status] }));
  }
  return out;
}

// ---- 2. raw protocol abuse -------------------------------------------------------------------------

function rawCases(ctx: CaseContext): FuzzRequest[] {
  const facts = `/v2/facts/${ctx.scope.project_id}/${ctx.scope.environment_id}`;
  const host = `Host: ${ctx.host}:${ctx.port}\r\n`;
  const auth = `Authorization: Bearer ${ctx.apiKey}\r\n`;
  const close = "Connection: close\r\n";
  const cases: [string, string | Buffer, number[]][] = [
    [
      "control char in the key",
      `GET ${facts}/users HTTP/1.1\r\n${host}Authorization: Bearer ${ctx.apiKey}\x01\r\n${close}\r\n`,
      [400],
    ],
    [
      "NUL in the key",
      `GET ${facts}/users HTTP/1.1\r\n${host}Authorization: Bearer \x00${ctx.apiKey}\r\n${close}\r\n`,
      [400],
    ],
    [
      "DEL in the key",
      `GET ${facts}/users HTTP/1.1\r\n${host}Authorization: Bearer ${ctx.apiKey}\x7f\r\n${close}\r\n`,
      [400],
    ],
    [
      "header folded over two lines",
      `GET ${facts}/users HTTP/1.1\r\n${host}Authorization: Bearer\r\n ${ctx.apiKey}\r\n${close}\r\n`,
      [400],
    ],
    [
      "CR injected in a header",
      `GET ${facts}/users HTTP/1.1\r\n${host}Authorization: Bearer x\rX-Evil: 1\r\n${close}\r\n`,
      [400],
    ],
    ["space in the path", `GET ${facts}/us ers HTTP/1.1\r\n${host}${auth}${close}\r\n`, [400]],
    [
      "raw UTF-8 bytes in the path",
      Buffer.concat([
        Buffer.from(`GET ${facts}/users/`),
        Buffer.from("😀ü", "utf8"),
        Buffer.from(` HTTP/1.1\r\n${host}${auth}${close}\r\n`),
      ]),
      [400],
    ],
    [
      "raw latin1 byte in the path",
      Buffer.concat([
        Buffer.from(`GET ${facts}/users/`),
        Buffer.from([0xe9]),
        Buffer.from(` HTTP/1.1\r\n${host}${auth}${close}\r\n`),
      ]),
      [400],
    ],
    ["unknown method", `BREW ${facts}/users HTTP/1.1\r\n${host}${auth}${close}\r\n`, [400]],
    ["unknown HTTP version", `GET ${facts}/users HTTP/9.9\r\n${host}${auth}${close}\r\n`, [400]],
    ["bare LF line endings", `GET ${facts}/users HTTP/1.1\n${host.trim()}\n${auth.trim()}\n\n`, [400]],
    [
      "20 KB header",
      `GET ${facts}/users HTTP/1.1\r\n${host}${auth}X-Pad: ${"p".repeat(20_000)}\r\n${close}\r\n`,
      [431],
    ],
    [
      "20 KB Authorization header",
      `GET ${facts}/users HTTP/1.1\r\n${host}Authorization: Bearer ${"k".repeat(20_000)}\r\n${close}\r\n`,
      [431],
    ],
    [
      "20 KB query string",
      `GET ${facts}/users?${"q=1&".repeat(5000)} HTTP/1.1\r\n${host}${auth}${close}\r\n`,
      [431],
    ],
    [
      "space in a header name",
      `GET ${facts}/users HTTP/1.1\r\n${host}${auth}Bad Header: x\r\n${close}\r\n`,
      [400],
    ],
    [
      "Content-Length and Transfer-Encoding",
      `POST ${facts}/users HTTP/1.1\r\n${host}${auth}Content-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n${close}\r\n0\r\n\r\n`,
      [400],
    ],
    [
      "two Content-Lengths",
      `POST ${facts}/users HTTP/1.1\r\n${host}${auth}Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n${close}\r\n{}`,
      [400],
    ],
    [
      "Content-Length not a number",
      `POST ${facts}/users HTTP/1.1\r\n${host}${auth}Content-Type: application/json\r\nContent-Length: abc\r\n${close}\r\n{}`,
      [400],
    ],
    [
      "negative Content-Length",
      `POST ${facts}/users HTTP/1.1\r\n${host}${auth}Content-Type: application/json\r\nContent-Length: -1\r\n${close}\r\n{}`,
      [400],
    ],
    [
      "bad chunk size",
      `POST ${facts}/users HTTP/1.1\r\n${host}${auth}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n${close}\r\nzz\r\n{}\r\n0\r\n\r\n`,
      [400],
    ],
    [
      "declared 100 MB body",
      `POST ${facts}/users HTTP/1.1\r\n${host}${auth}Content-Type: application/json\r\nContent-Length: 100000000\r\n${close}\r\n{}`,
      [413],
    ],
    [
      "declared 2 MiB body, wrong key",
      `POST ${facts}/tenants HTTP/1.1\r\n${host}Authorization: Bearer nope\r\nContent-Type: application/json\r\nContent-Length: 2097152\r\n${close}\r\n{}`,
      [403],
    ],
    [
      "absolute-form target, wrong key",
      `GET http://evil.example${facts}/users HTTP/1.1\r\n${host}Authorization: Bearer nope\r\n${close}\r\n`,
      [403],
    ],
    [
      "HTTP/1.0 without Host, wrong key",
      `GET ${facts}/users HTTP/1.0\r\nAuthorization: Bearer nope\r\n\r\n`,
      [403],
    ],
    ["asterisk-form OPTIONS", `OPTIONS * HTTP/1.1\r\n${host}${close}\r\n`, [404]],
    ["traversal above the root", `GET /../../../../etc/passwd HTTP/1.1\r\n${host}${auth}${close}\r\n`, [404]],
    [
      "backslash traversal",
      `GET ${facts}/users/..\\..\\..\\win.ini HTTP/1.1\r\n${host}${auth}${close}\r\n`,
      [404],
    ],
  ];
  return cases.map(([label, raw, expect]) => ({
    category: "raw-protocol",
    label: `raw: ${label}`,
    method: "RAW",
    path: "",
    raw: Buffer.isBuffer(raw) ? raw : Buffer.from(raw, "latin1"),
    expect,
  }));
}

// ---- 3. project / environment segments -------------------------------------------------------------

function scopeCases(ctx: CaseContext): FuzzRequest[] {
  const { project_id: p, environment_id: e, organization_id: o } = ctx.scope;
  const variants: { label: string; proj?: string; env?: string; expect: number[] }[] = [
    { label: "unknown project", proj: "nope", expect: [404] },
    { label: "unknown environment", env: "nope", expect: [404] },
    { label: "both unknown", proj: "p", env: "e", expect: [404] },
    { label: "project and environment swapped", proj: e, env: p, expect: [404] },
    { label: "organization id as project", proj: o, expect: [404] },
    { label: "project id in upper case", proj: p.toUpperCase(), expect: [404] },
    { label: "environment key in another case", env: "Production", expect: [404] },
    { label: "environment key 'staging'", proj: "default", env: "staging", expect: [404] },
    { label: "encoded traversal as project", proj: "%2e%2e", expect: [404] },
    { label: "encoded slash in environment", env: `${e}%2F..`, expect: [404] },
    { label: "NUL in project", proj: `${p}%00`, expect: [404] },
    { label: "emoji as environment", env: encodeURIComponent("😀"), expect: [404] },
    { label: "random UUID as project", proj: randomUUID(), expect: [404] },
    { label: "300-char environment", env: "e".repeat(300), expect: [422] },
    { label: "__proto__ as project", proj: "__proto__", expect: [404] },
    { label: "double-encoded dashes in project", proj: p.replace(/-/g, "%252D"), expect: [404] },
  ];
  const out: FuzzRequest[] = [];
  for (const route of ROUTES.filter(scoped)) {
    for (const v of ctx.rng.sample(variants, 5)) {
      out.push(
        request("scope", v.label, route, fill(ctx, route, { proj: v.proj, env: v.env }), {
          body: route.body === undefined ? undefined : json(route.body),
          expect: v.expect,
        }),
      );
    }
  }
  return out;
}

// ---- 4. path-parameter tricks ----------------------------------------------------------------------

const PATH_TRICKS: string[] = [
  "%2e%2e%2f",
  "%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
  "..%2f..%2f",
  "..",
  ".",
  "%2e",
  "%252e%252e%252f",
  "%25252e",
  "%00",
  "a%00b",
  "task%00",
  "%0a",
  "%0d%0aX-Injected:%201",
  "%20",
  "a%20b",
  "%09",
  "%F0%9F%98%80",
  "%E2%80%AE",
  "%EF%BB%BF",
  "%C3%A9",
  "%2F",
  "a%2Fb",
  "%5C..%5C",
  "%3B",
  "%23frag",
  "%3Fq%3D1",
  "*",
  "'%20OR%20'1'%3D'1",
  "%22%3E%3Cscript%3E",
  "%24%7Bjndi%3Aldap%3A%2F%2Fx%7D",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "__defineGetter__",
  "x".repeat(257),
  "y".repeat(600),
  "%C0%AF",
  "%ED%A0%80",
  "%zz",
  "%",
  "%E0%A4%A",
];

function decode(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/** What the service must answer for a path parameter spelled `raw`, or undefined to skip it. */
function pathTrickExpect(route: RouteSpec, raw: string): number[] | undefined {
  const value = decode(raw);
  if (value === undefined) return [400];
  if (raw.length > 512) return [414];
  if (value.length > 256) return [422];
  if (route.upsert) return route.upsert.test(value) ? undefined : [422];
  return [404];
}

function pathCases(ctx: CaseContext): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  for (const route of ROUTES.filter((r) => r.params)) {
    for (const param of Object.keys(route.params!)) {
      for (const raw of ctx.rng.sample(PATH_TRICKS, 10)) {
        const expect = pathTrickExpect(route, raw);
        if (!expect) continue;
        out.push(
          request(
            "path-param",
            `${param} = '${raw.slice(0, 40)}'`,
            route,
            fill(ctx, route, { params: { [param]: raw } }),
            {
              body: route.body === undefined ? undefined : json(route.body),
              expect,
            },
          ),
        );
      }
    }
  }
  return out;
}

// ---- 5. valid-shaped requests about missing things, conflicts, invalid operations ----------------

function missingCases(ctx: CaseContext): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  let n = 0;
  for (const route of ROUTES.filter((r) => r.params && !r.upsert)) {
    for (const param of Object.keys(route.params!)) {
      // Keys that exist, but as another kind of object (a tenant's key as a user, ...).
      const others = Object.values(KNOWN)
        .flat()
        .filter((v) => !KNOWN[param]?.includes(v));
      const values = [
        ghost(++n),
        randomUUIDFrom(ctx.rng),
        route.params![param]!.toUpperCase(),
        ctx.rng.pick(others),
      ];
      for (const value of values) {
        if (KNOWN[param]?.includes(value)) continue;
        out.push(
          request(
            "missing-or-conflict",
            `${param} = '${value}' (missing)`,
            route,
            fill(ctx, route, { params: { [param]: encodeURIComponent(value) } }),
            {
              body: route.body === undefined ? undefined : json(route.body),
              expect: [404],
            },
          ),
        );
      }
    }
  }
  const S = `/v2/schema/${ctx.scope.project_id}/${ctx.scope.environment_id}`;
  const F = `/v2/facts/${ctx.scope.project_id}/${ctx.scope.environment_id}`;
  const manual: [string, string, unknown, number, string][] = [
    [
      "POST",
      `${F}/users`,
      { key: "fz-n1", role_assignments: [{ role: "ghost-role" }] },
      404,
      "user with a missing role",
    ],
    [
      "POST",
      `${F}/users`,
      { key: "fz-n2", role_assignments: [{ role: "viewer", tenant: "ghost-tenant" }] },
      404,
      "user with a missing tenant",
    ],
    [
      "PUT",
      `${F}/users/fz-n3`,
      { role_assignments: [{ role: "ghost-role" }] },
      404,
      "sync a new user with a missing role",
    ],
    [
      "PUT",
      `${F}/users/alice`,
      { first_name: "Changed", role_assignments: [{ role: "viewer", tenant: "ghost" }] },
      404,
      "sync alice with a missing tenant",
    ],
    ["POST", `${F}/users`, { key: "alice" }, 409, "duplicate user"],
    ["POST", `${F}/users`, { key: "u|pipe@example.io" }, 409, "duplicate user with symbols in the key"],
    [
      "POST",
      `${F}/bulk/users`,
      { operations: [{ key: "fz-b1" }, { key: "fz-b1" }] },
      409,
      "bulk create with a key twice",
    ],
    [
      "POST",
      `${F}/bulk/users`,
      { operations: [{ key: "fz-b2" }, { key: "bob" }] },
      409,
      "bulk create with an existing user",
    ],
    [
      "POST",
      `${F}/bulk/users`,
      { operations: [{ key: "fz-b3", role_assignments: [{ role: "ghost" }] }] },
      404,
      "bulk create with a missing role",
    ],
    [
      "PUT",
      `${F}/bulk/users`,
      {
        operations: [
          { key: "bob", first_name: "B" },
          { key: "fz-b4", role_assignments: [{ role: "viewer", tenant: "ghost" }] },
        ],
      },
      404,
      "bulk replace rolls back on a missing tenant",
    ],
    ["POST", `${F}/role_assignments`, { user: "alice", role: "ghost-role" }, 404, "assign a missing role"],
    [
      "POST",
      `${F}/role_assignments`,
      { user: "alice", role: "viewer", tenant: "ghost-tenant" },
      404,
      "assign in a missing tenant",
    ],
    [
      "POST",
      `${F}/role_assignments`,
      { user: "ghost-user", role: "viewer" },
      404,
      "assign to a missing user",
    ],
    [
      "DELETE",
      `${F}/role_assignments`,
      { user: "alice", role: "viewer", tenant: "globex" },
      404,
      "unassign what is not assigned",
    ],
    [
      "DELETE",
      `${F}/role_assignments`,
      { user: "dave", role: "admin" },
      404,
      "unassign from a user with no roles",
    ],
    [
      "POST",
      `${F}/role_assignments/bulk`,
      [
        { user: "dave", role: "viewer" },
        { user: "dave", role: "ghost" },
      ],
      404,
      "bulk assign rolls back on a missing role",
    ],
    [
      "DELETE",
      `${F}/role_assignments/bulk`,
      [
        { user: "bob", role: "editor", tenant: "default" },
        { user: "ghost", role: "viewer" },
      ],
      404,
      "bulk unassign rolls back on a missing user",
    ],
    [
      "POST",
      `${F}/role_assignments`,
      { user: "dave", role: "admin", resource_instance: "task:t1" },
      404,
      "instance role assignment on a missing instance",
    ],
    [
      "DELETE",
      `${F}/role_assignments`,
      { user: "alice", role: "editor", tenant: "acme", resource_instance: "task:t1" },
      404,
      "instance role unassignment on a missing instance",
    ],
    [
      "POST",
      `${F}/role_assignments/bulk`,
      [{ user: "dave", role: "admin", resource_instance: "task:t1" }],
      404,
      "bulk instance role assignment on a missing instance",
    ],
    [
      "DELETE",
      `${F}/role_assignments/bulk`,
      [{ user: "alice", role: "admin", resource_instance: "task:t1" }],
      404,
      "bulk instance role unassignment on a missing instance",
    ],
    [
      "POST",
      `${F}/users`,
      { key: "fz-n4", role_assignments: [{ role: "admin", resource_instance: "task:t1" }] },
      404,
      "user with an instance role that is not a role of the instance's type",
    ],
    [
      "PUT",
      `${F}/users/dave`,
      { role_assignments: [{ role: "admin", resource_instance: "task:t1" }] },
      404,
      "sync with an instance role that is not a role of the instance's type",
    ],
    ["POST", `${F}/tenants`, { key: "acme", name: "Again" }, 409, "duplicate tenant"],
    ["POST", `${F}/tenants`, { key: "default", name: "Again" }, 409, "duplicate default tenant"],
    ["DELETE", `${F}/tenants/default`, undefined, 400, "delete the default tenant"],
    ["DELETE", `${F}/tenants/acme/users/bob`, undefined, 404, "remove a user from a tenant they are not in"],
    ["DELETE", `${F}/tenants/globex/users/dave`, undefined, 404, "remove a role-less user from a tenant"],
    ["POST", `${S}/resources`, { key: "task", name: "Again", actions: {} }, 409, "duplicate resource"],
    ["POST", `${S}/resources/task/actions`, { key: "get", name: "Again" }, 409, "duplicate action"],
    ["POST", `${S}/resources/task/attributes`, { key: "owner", type: "string" }, 409, "duplicate attribute"],
    ["GET", `${S}/resources/user/actions/update`, undefined, 404, "action of another resource"],
    [
      "PATCH",
      `${S}/resources/user/attributes/owner`,
      { description: "x" },
      404,
      "attribute of another resource",
    ],
    ["POST", `${S}/roles`, { key: "admin", name: "Again" }, 409, "duplicate role"],
    [
      "POST",
      `${S}/roles`,
      { key: "fz-r1", name: "R", permissions: ["task:fly"] },
      404,
      "role with a missing action",
    ],
    [
      "POST",
      `${S}/roles`,
      { key: "fz-r2", name: "R", permissions: ["ghost:get"] },
      404,
      "role with a missing resource",
    ],
    [
      "POST",
      `${S}/roles`,
      { key: "fz-r3", name: "R", permissions: ["taskget"] },
      404,
      "role with a malformed permission",
    ],
    [
      "POST",
      `${S}/roles`,
      { key: "fz-r4", name: "R", extends: ["ghost-role"] },
      404,
      "role extending a missing role",
    ],
    ["POST", `${S}/roles`, { key: "fz-r5", name: "R", extends: ["fz-r5"] }, 400, "role extending itself"],
    ["PATCH", `${S}/roles/viewer`, { extends: ["auditor"] }, 400, "role hierarchy cycle"],
    ["PATCH", `${S}/roles/viewer`, { extends: ["viewer"] }, 400, "role extending itself (update)"],
    ["PATCH", `${S}/roles/editor`, { permissions: ["task:ghost"] }, 404, "set a missing permission"],
    ["PUT", `${S}/roles/viewer/parents/auditor`, undefined, 400, "parent that makes a cycle"],
    ["PUT", `${S}/roles/viewer/parents/viewer`, undefined, 400, "a role as its own parent"],
    [
      "POST",
      `${S}/roles/editor/permissions`,
      { permissions: ["ghost:x"] },
      404,
      "assign a missing permission",
    ],
    [
      "POST",
      `${S}/roles/editor/permissions`,
      { permissions: ["task:get", "task:ghost"] },
      404,
      "assign one good, one missing permission",
    ],
  ];
  for (const [method, path, body, status, label] of manual) {
    out.push({
      category: "missing-or-conflict",
      label: `${method} ${path.replace(ctx.scope.project_id, "{p}").replace(ctx.scope.environment_id, "{e}")}: ${label}`,
      method,
      path,
      body: body === undefined ? undefined : json(body),
      expect: [status],
    });
  }
  return out;
}

function randomUUIDFrom(rng: Prng): string {
  const hex = Array.from({ length: 32 }, () => rng.int(0, 15).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

// ---- 6. body mutations (schema-driven) --------------------------------------------------------------

function bodyCases(ctx: CaseContext): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  let n = 1000;
  for (const route of bodyRoutes()) {
    const schema = bodySchema(ctx, route);
    if (!schema) throw new Error(`no request schema in /openapi.json for ${route.method} ${route.path}`);
    const path = fill(ctx, route);
    const violations = ctx.rng.sample(schemaViolations(schema, route.body, ctx.rng), 30);
    for (const m of violations) {
      out.push(request(m.category, m.label, route, path, { body: json(m.body), expect: [422] }));
    }
    const variants = [
      ...ctx.rng.sample(unicodeVariants(schema, route.body, ctx.rng), 14),
      ...extraFieldVariants(schema, route.body),
      ...hugeFreeFormVariants(schema, route.body),
    ];
    for (const m of variants) {
      if (m.invalid) {
        out.push(
          request(m.category, `${m.label} (schema rejects)`, route, path, {
            body: json(m.body),
            expect: [422],
          }),
        );
        continue;
      }
      const r = rejectValid(ctx, route, m.body, ++n);
      if (!r) continue;
      const body = json(r.body);
      if (Buffer.byteLength(body) > BODY_LIMIT) continue;
      out.push(
        request(m.category, `${m.label}, ${r.how}`, route, r.path, {
          body,
          expect: r.expect,
          denial: r.denial,
        }),
      );
    }
  }
  return out;
}

// ---- 7. deep nesting, prototype keys, duplicate keys -----------------------------------------------

function nested(depth: number, kind: "object" | "array" | "mixed"): string {
  if (kind === "array") return `${"[".repeat(depth)}1${"]".repeat(depth)}`;
  if (kind === "object") return `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
  let open = "";
  let close = "";
  for (let i = 0; i < depth; i++) {
    if (i % 2 === 0) {
      open += '{"a":';
      close = `}${close}`;
    } else {
      open += "[";
      close = `]${close}`;
    }
  }
  return `${open}1${close}`;
}

function deepCases(ctx: CaseContext): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  const deep10k = {
    object: nested(10_000, "object"),
    array: nested(10_000, "array"),
    mixed: nested(10_000, "mixed"),
  };
  const deep100k = nested(100_000, "object");
  for (const route of bodyRoutes()) {
    const schema = bodySchema(ctx, route)!;
    const path = fill(ctx, route);
    out.push(
      request("deep-json", "10k-deep arrays as the body", route, path, {
        body: deep10k.array,
        expect: [422],
      }),
    );
    out.push(
      request("deep-json", "100k-deep objects as the body", route, path, { body: deep100k, expect: [422] }),
    );
    for (const site of containerSites(schema, route.body).filter((s) => s.path.length > 0)) {
      const kind = ctx.rng.pick(["object", "array", "mixed"] as const);
      const body = json(setAt(route.body, site.path, DEEP)).replace(`"${DEEP}"`, deep10k[kind]);
      out.push(
        request("deep-json", `10k-deep ${kind} in ${pathLabel(site.path)}`, route, path, {
          body,
          expect: [422],
        }),
      );
    }
    // 200 levels: far past any real attributes, far below what a parser chokes on.
    const free = containerSites(schema, route.body).find((s) =>
      /attributes|context/.test(String(s.path.at(-1))),
    );
    if (free) {
      const body = json(setAt(route.body, free.path, DEEP)).replace(`"${DEEP}"`, nested(200, "mixed"));
      out.push(
        request("deep-json", `200-deep in ${pathLabel(free.path)}`, route, path, { body, expect: [422] }),
      );
    }
  }
  return out;
}

function protoCases(ctx: CaseContext): FuzzRequest[] {
  const payloads: [string, string][] = [
    ["__proto__ key", '"__proto__":{"isAdmin":true,"allow":true}'],
    ["constructor.prototype", '"constructor":{"prototype":{"isAdmin":true}}'],
    ["__proto__ null", '"__proto__":null'],
    ["escaped __proto__ key", '"\\u005f_proto__":{"isAdmin":true}'],
  ];
  const out: FuzzRequest[] = [];
  for (const route of bodyRoutes()) {
    const schema = bodySchema(ctx, route)!;
    const path = fill(ctx, route);
    const objects = containerSites(schema, route.body).filter((s) => !Array.isArray(s.value));
    for (const site of ctx.rng.sample(objects, 3)) {
      for (const [label, payload] of ctx.rng.sample(payloads, 2)) {
        const marked = setAt(route.body, site.path, { ...(site.value as object), [MARK]: 1 });
        const body = json(marked).replace(`"${MARK}":1`, payload);
        out.push(
          request("prototype-pollution", `${label} in ${pathLabel(site.path)}`, route, path, {
            body,
            expect: [422],
          }),
        );
      }
    }
  }
  return out;
}

function duplicateKeyCases(ctx: CaseContext): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  for (const route of bodyRoutes()) {
    const schema = bodySchema(ctx, route)!;
    const valid = oracle(schema);
    const path = fill(ctx, route);
    for (const site of containerSites(schema, route.body).filter((s) => !Array.isArray(s.value))) {
      const obj = site.value as Record<string, unknown>;
      for (const key of ctx.rng.sample(Object.keys(obj), 2)) {
        // JSON.parse keeps the last of duplicate keys: make the last one invalid.
        const bad = ctx.rng.pick([42, null, ["x"], { a: 1 }, true, "😀 bad key"]);
        if (valid(setAt(route.body, [...site.path, key], bad))) continue;
        const marked = setAt(route.body, site.path, { ...obj, [MARK]: 1 });
        const body = json(marked).replace(`"${MARK}":1`, `${json(key)}:${json(bad)}`);
        out.push(
          request(
            "duplicate-keys",
            `${pathLabel([...site.path, key])} twice, the last invalid`,
            route,
            path,
            {
              body,
              expect: [422],
            },
          ),
        );
      }
    }
  }
  return out;
}

// ---- 8. bodies that are not JSON, wrong content types, oversized bodies ----------------------------

const NOT_JSON: (string | Buffer)[] = [
  "{",
  '{"a":}',
  "{'a':1}",
  '{"a":1,}',
  "// comment\n{}",
  "/* c */ {}",
  "NaN",
  "Infinity",
  "-Infinity",
  "undefined",
  "\ufeff{",
  '{"a":1}garbage',
  '{"a":1}{"b":2}',
  "[1,2",
  '"unterminated',
  '{"a":"\\x41"}',
  '{"a":"\\u00"}',
  "\u0000",
  "tru",
  "nul",
  "0x10",
  "01",
  "1.",
  ".5",
  "-",
  '{"a" 1}',
  "{a:1}",
  "[,]",
  "[1,,2]",
  "<xml/>",
  "a=b&c=d",
  "   \n\t ",
  '{"key":"\ud800"',
  Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]),
  "",
];

function notJsonCases(ctx: CaseContext): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  for (const route of bodyCarrying()) {
    const schema = bodySchema(ctx, route);
    const target = route.body !== undefined ? fill(ctx, route) : missingTarget(ctx, route);
    for (const text of ctx.rng.sample(NOT_JSON, 8)) {
      const label = Buffer.isBuffer(text)
        ? `bytes ${text.toString("hex")}`
        : JSON.stringify(text.slice(0, 30));
      out.push(request("not-json", `body ${label}`, route, target, { body: text, expect: [422] }));
    }
    if (schema) {
      // Well-formed JSON of the wrong kind.
      const valid = oracle(schema);
      for (const v of [null, true, 42, -0.5, "string", [], {}, [[]], [null]]) {
        if (!valid(v))
          out.push(request("not-json", `body ${json(v)}`, route, target, { body: json(v), expect: [422] }));
      }
    }
  }
  return out;
}

/** A target that does not exist (404 if the body were ever accepted), for routes without a body schema. */
function missingTarget(ctx: CaseContext, route: RouteSpec): string {
  if (route.reject?.kind === "param")
    return fill(ctx, route, { params: { [route.reject.param]: "ghost-target" } });
  return fill(ctx, route, { env: "ghost-env" });
}

function contentTypeCases(ctx: CaseContext): FuzzRequest[] {
  const unsupported = [
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=xyz",
    "application/xml",
    "text/html",
    "application/octet-stream",
    "image/png",
    "application/jsonx",
    "application/json-patch+json",
    "application/vnd.api+json",
    "json",
    "application/",
    "application/json, text/plain",
  ];
  const out: FuzzRequest[] = [];
  for (const route of bodyCarrying()) {
    const hasSchema = route.body !== undefined;
    const target = hasSchema ? fill(ctx, route) : missingTarget(ctx, route);
    const body = json(route.body ?? { any: "thing" });
    for (const ct of ctx.rng.sample(unsupported, 3)) {
      out.push(
        request("content-type", `Content-Type ${ct}`, route, target, {
          body,
          contentType: ct,
          expect: [415],
        }),
      );
    }
    out.push(
      request("content-type", "no Content-Type", route, target, { body, contentType: null, expect: [415] }),
    );
    if (hasSchema) {
      out.push(
        request("content-type", "JSON sent as text/plain", route, target, {
          body,
          contentType: "text/plain",
          expect: [422],
        }),
      );
      const utf16 = Buffer.from(body, "utf16le");
      out.push(
        request("content-type", "UTF-16 body", route, target, {
          body: utf16,
          contentType: "application/json; charset=utf-16",
          expect: [422],
        }),
      );
    }
  }
  return out;
}

function oversizeCases(ctx: CaseContext): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  for (const route of bodyCarrying()) {
    const target = route.body !== undefined ? fill(ctx, route) : missingTarget(ctx, route);
    const template = route.body ?? {};
    const pad = "p".repeat(BODY_LIMIT + 1000);
    const body = json(Array.isArray(template) ? [...template, pad] : { ...(template as object), _pad: pad });
    out.push(request("oversize", "1 MiB + 1 KB body", route, target, { body, expect: [413] }));
    if (ctx.rng.chance(0.35)) {
      out.push(
        request("oversize", "1 MiB + 1 KB body, chunked", route, target, {
          body,
          chunked: true,
          expect: [413],
        }),
      );
    }
  }
  // A little over the limit, made of a valid body plus whitespace.
  const tenants = ROUTES.find((r) => r.method === "POST" && r.path.endsWith("/tenants"))!;
  const padded = `${json(tenants.body)}${" ".repeat(BODY_LIMIT)}`;
  out.push(
    request("oversize", "valid body plus 1 MiB of spaces", tenants, fill(ctx, tenants), {
      body: padded,
      expect: [413],
    }),
  );
  return out;
}

// ---- 9. query strings ----------------------------------------------------------------------------

const QUERY_VALUES: Record<string, (string | string[])[]> = {
  integer: [
    "abc",
    "1.5",
    "-1",
    "0",
    "-0",
    "1e309",
    "",
    "NaN",
    "Infinity",
    "1,2",
    "１",
    "9".repeat(400),
    "-9007199254740993",
    "true",
    "0x",
    "1 1",
    ["1", "2"],
    ["x"],
    "9007199254740993",
  ],
  boolean: ["maybe", "2", "yes", "tru", "null", "", "-1", ["true", "false"], "TRUE ", "on"],
  string: ["x".repeat(257), "😀".repeat(257), ["a", "b"]],
  enum: ["maybe", "ALLOW", "", "allow ", ["allow", "deny"]],
};

function queryCases(ctx: CaseContext): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  for (const route of ROUTES) {
    const params = queryParams(ctx, route);
    if (params.length === 0) continue;
    const schema = {
      type: "object",
      properties: Object.fromEntries(params.map((p) => [p.name, p.schema])),
    };
    const valid = queryOracle(schema);
    const candidates: { label: string; query: Record<string, string | string[]> }[] = [];
    for (const p of params) {
      const kind = p.schema.anyOf ? "enum" : p.schema.type === "number" ? "integer" : String(p.schema.type);
      for (const v of QUERY_VALUES[kind] ?? [])
        candidates.push({ label: `${p.name}=${JSON.stringify(v).slice(0, 30)}`, query: { [p.name]: v } });
      if (typeof p.schema.maximum === "number")
        candidates.push({
          label: `${p.name} above maximum`,
          query: { [p.name]: String(p.schema.maximum + 1) },
        });
      if (typeof p.schema.maxLength === "number")
        candidates.push({
          label: `${p.name} too long`,
          query: { [p.name]: "q".repeat(p.schema.maxLength + 1) },
        });
    }
    const target = fill(ctx, route);
    const picked = ctx.rng.sample(
      candidates.filter((c) => !valid(c.query)),
      route.stream ? 8 : 14,
    );
    for (const c of picked) {
      // Half of them also carry unknown and prototype-named parameters, which must not matter.
      const noise = ctx.rng.chance(0.5)
        ? ctx.rng.pick([
            "&__proto__=1",
            "&constructor=x&prototype=y",
            "&__proto__%5BisAdmin%5D=true",
            "&unknown=1&page%5B%5D=2",
            "&toString=1",
          ])
        : "";
      out.push(
        request(
          "query",
          c.label + (noise ? ` ${noise}` : ""),
          route,
          `${target}?${serialize(c.query)}${noise}`,
          { expect: [422] },
        ),
      );
    }
  }
  return out;
}

function serialize(query: Record<string, string | string[]>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    for (const x of Array.isArray(v) ? v : [v])
      parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(x)}`);
  }
  return parts.join("&");
}

// ---- 10. methods a path does not have ------------------------------------------------------------

function methodCases(ctx: CaseContext): FuzzRequest[] {
  const byPath = new Map<string, RouteSpec[]>();
  for (const r of ROUTES) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r]);
  const out: FuzzRequest[] = [];
  for (const [path, routes] of byPath) {
    const has = new Set(routes.map((r) => r.method));
    const others = (["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const).filter(
      (m) => !has.has(m as never),
    );
    for (const method of ctx.rng.sample(others, 2)) {
      out.push({
        category: "wrong-method",
        label: `${method} ${path}`,
        method,
        path: fill(ctx, routes[0]!),
        expect: [404],
      });
    }
  }
  return out;
}

// ---- 11. PDP questions about unknown things: 200 denials ------------------------------------------

function denialCases(ctx: CaseContext): FuzzRequest[] {
  const rng = ctx.rng;
  const odd = () =>
    rng.pick([...UNICODE_SAMPLES.filter((s) => !s.includes("\u0000")), "ghost", "👻", "x".repeat(256)]);
  const unknownUserKey = () =>
    rng.pick(["ghost", "nobody@example.com", "u|x+y", "ALICE", "alice.", "_", "0"]);
  // Each of these is certain to be denied, whatever the policy grants.
  const checks = (): unknown[] => [
    { user: unknownUserKey(), action: "get", resource: { type: "task" } },
    {
      user: { key: unknownUserKey(), firstName: odd(), email: odd() },
      action: odd(),
      resource: { type: odd() },
    },
    { user: "alice", action: "get", resource: { type: "task", tenant: odd() } },
    { user: "alice", action: "get", resource: { type: odd(), tenant: "default" } },
    { user: "alice", action: odd(), resource: { type: "task", key: odd(), tenant: "default" } },
    { user: "dave", action: "get", resource: { type: "task", tenant: "default" } },
    { user: "carol", action: "delete", resource: { type: "task", tenant: "acme" } },
    { user: "alice", action: "get", resource: { type: "task", tenant: "globex" } },
    { user: "alice", action: "__proto__", resource: { type: "constructor", tenant: "default" } },
    { user: "alice", action: "get", resource: { type: "task", tenant: "__proto__" } },
    { user: "__proto__", action: "get", resource: { type: "task" } },
    {
      user: "bob",
      action: "get",
      resource: { type: "task", tenant: "toString" },
      context: { deep: { ok: [1, 2, 3] } },
    },
  ];
  const out: FuzzRequest[] = [];
  const add = (path: string, label: string, body: unknown) =>
    out.push({
      category: "pdp-denial",
      label: `POST ${path}: ${label}`,
      method: "POST",
      path,
      body: json(body),
      expect: [200],
      denial: true,
    });
  for (const [i, c] of checks().entries()) add("/allowed", `check #${i}`, c);
  for (const [i, c] of checks().entries()) add("/allowed", `check #${i} (redrawn)`, c);
  for (let i = 0; i < 8; i++)
    add("/allowed/bulk", `bulk of denials #${i}`, rng.sample(checks(), rng.int(1, 12)));
  add(
    "/allowed/bulk",
    "1000 denials",
    Array.from({ length: 1000 }, () => ({ user: "ghost", action: "get", resource: { type: "task" } })),
  );
  const perms: unknown[] = [
    { user: unknownUserKey() },
    { user: { key: unknownUserKey(), firstName: odd() } },
    { user: "alice", tenants: [odd(), "ghost-tenant"] },
    { user: "alice", resource_types: [odd()] },
    { user: "alice", resource_type: ["ghost-type"] },
    { user: "dave" },
    { user: "alice", tenants: ["__proto__", "constructor"] },
    { user: "__proto__", tenants: ["default"] },
  ];
  for (const [i, p] of perms.entries()) add("/user-permissions", `permissions #${i}`, p);
  const who: unknown[] = [
    { action: "get", resource: { type: odd() } },
    { action: odd(), resource: { type: "task", tenant: "default" } },
    { action: "get", resource: { type: "task", tenant: odd() } },
    { action: "get", resource: { type: "task", tenant: "__proto__" } },
    { action: "constructor", resource: { type: "task" } },
  ];
  for (const [i, w] of who.entries()) add("/authorized_users", `authorized users #${i}`, w);
  const tenants: unknown[] = [
    { user: unknownUserKey(), action: "get", resource: { type: "task" } },
    { user: "alice", action: odd(), resource: { type: "task" } },
    { user: "alice", action: "get", resource: { type: odd() } },
    { user: "dave", action: "get", resource: { type: "task" } },
    {
      headers: { Authorization: `Bearer ${ctx.apiKey}` },
      params: { user: odd(), action: "get", resource: "task" },
    },
    {
      headers: { Authorization: `Bearer ${ctx.apiKey}` },
      params: { user: "alice", action: "get", resource: `${odd()}:k:extra` },
    },
    { params: { user: { key: "ghost" }, action: "get", resource: { type: "task", key: "t1" } } },
  ];
  for (const [i, b] of tenants.entries()) add("/allowed/all-tenants", `all tenants #${i}`, b);

  // AuthZEN: the same questions in its shape (subject/action/resource), each certain to be denied.
  const zen = (user: string, action: string, type: string, id?: string, tenant?: string) => ({
    subject: { type: "user", id: user },
    action: { name: action },
    resource: { type, id: id ?? odd(), ...(tenant !== undefined && { properties: { tenant } }) },
  });
  const zens = () => [
    zen(unknownUserKey(), "get", "task"),
    zen("alice", odd(), "task", "t1", "default"),
    zen("alice", "get", odd(), "k1", "default"),
    zen("alice", "get", "task", "t1", odd()),
    zen("alice", "get", "task", "t1", "globex"),
    zen("carol", "delete", "task", "t1", "acme"),
    zen("__proto__", "constructor", "__proto__", "__proto__", "__proto__"),
  ];
  for (const [i, z] of zens().entries()) add("/access/v1/evaluation", `AuthZEN evaluation #${i}`, z);
  for (const semantic of ["execute_all", "deny_on_first_deny", "permit_on_first_permit"]) {
    add("/access/v1/evaluations", `AuthZEN evaluations, ${semantic}`, {
      subject: { type: "user", id: "alice" },
      options: { evaluations_semantic: semantic },
      evaluations: rng.sample(zens(), rng.int(1, 7)),
    });
  }
  add("/access/v1/evaluations", "AuthZEN evaluations without an array", zen("ghost", "get", "task"));
  add("/access/v1/search/subject", "AuthZEN subject search, unknown type", {
    subject: { type: "user" },
    action: { name: "get" },
    resource: { type: odd(), id: "k1" },
  });
  add("/access/v1/search/resource", "AuthZEN resource search, unknown user", {
    subject: { type: "user", id: unknownUserKey() },
    action: { name: "get" },
    resource: { type: "task" },
  });
  add("/access/v1/search/action", "AuthZEN action search, unknown tenant", {
    subject: { type: "user", id: "alice" },
    resource: { type: "task", id: "t1", properties: { tenant: "ghost-tenant" } },
  });
  return out;
}

// ---- all of it -----------------------------------------------------------------------------------

/**
 * AuthZEN refuses what Permit's API answers with a 422 (a body its schema rejects, a body that is
 * not JSON) with a plain 400 (spec §12.1.11; contract §6); every other expectation is the same.
 */
function asAuthzen(req: FuzzRequest): FuzzRequest {
  if (!isAuthzenPath(req.path)) return req;
  return { ...req, expect: req.expect.map((status) => (status === 422 ? 400 : status)) };
}

export function buildBarrage(ctx: CaseContext): FuzzRequest[] {
  const all = [
    ...authCases(ctx),
    ...rawCases(ctx),
    ...scopeCases(ctx),
    ...pathCases(ctx),
    ...missingCases(ctx),
    ...bodyCases(ctx),
    ...deepCases(ctx),
    ...protoCases(ctx),
    ...duplicateKeyCases(ctx),
    ...notJsonCases(ctx),
    ...contentTypeCases(ctx),
    ...oversizeCases(ctx),
    ...queryCases(ctx),
    ...methodCases(ctx),
    ...denialCases(ctx),
  ];
  // Interleave categories so concurrent requests mix (a seeded order, like everything else).
  return ctx.rng.shuffle(all.map(asAuthzen));
}
