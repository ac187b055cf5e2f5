/** What counts as a correct answer to a bad request, and a runner that sends the barrage. */
import { type FuzzRequest, type FuzzResponse, send, type Target } from "./client.ts";
import { isAuthzenPath } from "./routes.ts";

export interface Verdict {
  req: FuzzRequest;
  res: FuzzResponse;
  problems: string[];
}

function parse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** The PDP's answer when nothing is allowed, per decision route. */
function denialProblem(path: string, body: unknown): string | undefined {
  if (!isObject(body)) return "the decision is not a JSON object";
  const route = path.split("?")[0];
  switch (route) {
    case "/allowed":
      return body.allow === false && body.result === false ? undefined : "expected allow:false";
    case "/allowed/bulk":
      return Array.isArray(body.allow) && body.allow.every((d) => isObject(d) && d.allow === false)
        ? undefined
        : "expected every allow:false";
    case "/user-permissions":
      return Object.keys(body).length === 0 ? undefined : "expected no permissions";
    case "/authorized_users":
      return isObject(body.users) && Object.keys(body.users).length === 0 ? undefined : "expected no users";
    case "/allowed/all-tenants":
      return Array.isArray(body.allowed_tenants) &&
        body.allowed_tenants.length === 0 &&
        Array.isArray(body.allowedTenants) &&
        body.allowedTenants.length === 0
        ? undefined
        : "expected no tenants";
    // AuthZEN (contract §6): a deny is a 200 `{decision: false}`, never an error.
    case "/access/v1/evaluation":
      return body.decision === false ? undefined : "expected decision:false";
    case "/access/v1/evaluations":
      // Without an `evaluations` array the request is one evaluation (spec §7.1).
      if (!("evaluations" in body)) return body.decision === false ? undefined : "expected decision:false";
      return Array.isArray(body.evaluations) &&
        body.evaluations.length > 0 &&
        body.evaluations.every((d) => isObject(d) && d.decision === false)
        ? undefined
        : "expected every decision:false";
    case "/access/v1/search/subject":
    case "/access/v1/search/resource":
    case "/access/v1/search/action":
      return Array.isArray(body.results) &&
        body.results.length === 0 &&
        isObject(body.page) &&
        body.page.next_token === ""
        ? undefined
        : 'expected no results and page.next_token ""';
    default:
      return `no denial shape known for ${route}`;
  }
}

export function judge(req: FuzzRequest, res: FuzzResponse): string[] {
  if (res.error) return [`no answer: ${res.error}`];
  const problems: string[] = [];
  if (res.status >= 500) problems.push(`server error ${res.status}`);
  if (!req.expect.includes(res.status))
    problems.push(`status ${res.status}, expected ${req.expect.join(" or ")}`);
  const body = parse(res.text);
  if (res.status >= 200 && res.status < 300) {
    if (!req.denial) problems.push(`accepted (${res.status}) a request that must be rejected`);
    else if (!body.ok) problems.push("the decision is not JSON");
    else {
      const p = denialProblem(req.path, body.value);
      if (p) problems.push(p);
    }
  }
  // AuthZEN's own errors are plain text (spec §12.1.11); a path it does not serve (a wrong method)
  // is the service's 404, in Permit's JSON like every other unknown route.
  if (res.status >= 400 && isAuthzenPath(req.path) && res.status !== 404) {
    const type = String(res.headers["content-type"] ?? "");
    if (!type.startsWith("text/plain")) problems.push(`AuthZEN error content-type '${type}'`);
    if (res.text.trim() === "") problems.push("AuthZEN error without a message");
    return problems;
  }
  if (res.status >= 400) {
    const type = String(res.headers["content-type"] ?? "");
    if (!type.startsWith("application/json")) problems.push(`error content-type '${type}'`);
    if (!body.ok) problems.push("the error body is not JSON");
    else if (!isObject(body.value)) problems.push("the error body is not an object");
    else {
      const e = body.value;
      for (const field of ["id", "error_code", "title", "message"]) {
        if (typeof e[field] !== "string") problems.push(`error body without a string '${field}'`);
      }
      if (res.status === 422) {
        const detail = e.detail;
        if (!Array.isArray(detail) || detail.length === 0) problems.push("422 without a detail array");
        else if (
          !detail.every(
            (d) =>
              isObject(d) && Array.isArray(d.loc) && typeof d.msg === "string" && typeof d.type === "string",
          )
        ) {
          problems.push("422 detail items are not {loc, msg, type}");
        }
      }
    }
  }
  return problems;
}

/** Sends every request, `concurrency` at a time, and judges each answer. */
export async function runBarrage(
  target: Target,
  requests: FuzzRequest[],
  concurrency: number,
): Promise<Verdict[]> {
  const verdicts: Verdict[] = new Array(requests.length);
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const i = next++;
      const req = requests[i]!;
      const res = await send(target, req);
      verdicts[i] = { req, res, problems: judge(req, res) };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return verdicts;
}

/** One line per failing request, enough to replay it by hand. */
export function describe(v: Verdict): string {
  const body =
    v.req.raw !== undefined
      ? `raw ${JSON.stringify(v.req.raw.toString("latin1").slice(0, 160))}`
      : v.req.body === undefined
        ? "no body"
        : `body ${JSON.stringify(Buffer.from(v.req.body).toString("utf8").slice(0, 160))}`;
  return [
    `[${v.req.category}] ${v.req.label}`,
    `  ${v.req.method} ${v.req.path.slice(0, 200)} (${body})`,
    `  -> ${v.res.status} ${v.res.text.slice(0, 240)}`,
    `  problems: ${v.problems.join("; ")}`,
  ].join("\n");
}
