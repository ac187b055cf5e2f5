import { createHash, timingSafeEqual } from "node:crypto";
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import type { Clock } from "../domain/clock.ts";
import { fail } from "../domain/errors.ts";

/** The one key pair strict mode accepts (USER_POOL_AWS_ACCESS_KEY_ID / USER_POOL_AWS_SECRET_ACCESS_KEY). */
export interface IamCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** What a signature covers, taken from the incoming HTTP request as it arrived. */
export interface SignedRequest {
  method: string;
  /** The raw request target, e.g. `/` or `/_tollgate/pools/x/events?since=3`. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
}

/** The parts of `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`. */
export interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const SERVICE = "cognito-idp";
const MAX_SKEW_MS = 5 * 60_000;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const MISMATCH =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

function header(headers: SignedRequest["headers"], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

function incomplete(problem: string): never {
  fail("IncompleteSignatureException", problem);
}

/** Parses the header form of SigV4; anything malformed is IncompleteSignatureException, as AWS answers. */
export function parseAuthorization(value: string): ParsedAuthorization {
  const space = value.indexOf(" ");
  const algorithm = space < 0 ? value : value.slice(0, space);
  if (algorithm !== "AWS4-HMAC-SHA256")
    incomplete(
      `Authorization header requires the AWS4-HMAC-SHA256 algorithm, got '${algorithm.slice(0, 40)}'.`,
    );
  const fields = new Map<string, string>();
  for (const part of value.slice(space + 1).split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ["Credential", "SignedHeaders", "Signature"].filter((f) => !fields.get(f));
  if (missing.length > 0)
    incomplete(missing.map((f) => `Authorization header requires '${f}' parameter.`).join(" "));
  const credential = (fields.get("Credential") ?? "").split("/");
  const [accessKeyId, date, region, service, terminator] = credential;
  if (
    credential.length !== 5 ||
    !accessKeyId ||
    !/^\d{8}$/.test(date ?? "") ||
    !region ||
    !service ||
    terminator !== "aws4_request"
  )
    incomplete("Credential must have the form <access key>/<yyyymmdd>/<region>/<service>/aws4_request.");
  const signedHeaders = (fields.get("SignedHeaders") ?? "").split(";");
  if (signedHeaders.some((h) => !/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(h)))
    incomplete("SignedHeaders must be lower-case header names separated by ';'.");
  const signature = fields.get("Signature") ?? "";
  if (!/^[0-9a-f]{64}$/.test(signature)) incomplete("Signature must be 64 lower-case hex digits.");
  return { accessKeyId, date: date ?? "", region, service, signedHeaders, signature };
}

function amzDateToMs(value: string): number | undefined {
  const m = AMZ_DATE.exec(value);
  if (!m) return undefined;
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  return Number.isNaN(ms) ? undefined : ms;
}

function amzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

function splitUrl(url: string): { path: string; query: Record<string, string | string[]> } {
  const q = url.indexOf("?");
  const path = q < 0 ? url : url.slice(0, q);
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(q < 0 ? "" : url.slice(q + 1))) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  // The canonical URI is built from the decoded path and re-encoded by the signer, as the SDK does.
  try {
    return { path: decodeURIComponent(path), query };
  } catch {
    fail("InvalidSignatureException", MISMATCH);
  }
}

/**
 * Checks the SigV4 `Authorization` of a request to an IAM-protected operation.
 *
 * Default mode (no credentials configured) behaves like local AWS emulators: any access key and any
 * signature are accepted, but the header must be present, well formed and scoped to `cognito-idp`, so
 * a browser (which CORS never lets send `authorization` here) cannot call these operations.
 * Strict mode recomputes the signature with `@smithy/signature-v4` — the signer the AWS SDK uses — over
 * exactly the headers the caller signed, and enforces the access key, region, date scope and ±5 min skew.
 *
 * @example
 * const verifier = new SigV4Verifier({ credentials: undefined, region: "us-east-1", now: Date.now });
 * await verifier.check({ method: "POST", url: "/", headers: request.headers, body });
 */
export class SigV4Verifier {
  readonly #credentials: IamCredentials | undefined;
  readonly #region: string;
  readonly #now: Clock;

  constructor(options: { credentials: IamCredentials | undefined; region: string; now: Clock }) {
    this.#credentials = options.credentials;
    this.#region = options.region;
    this.#now = options.now;
  }

  /** Whether signatures are verified against configured credentials. */
  get strict(): boolean {
    return this.#credentials !== undefined;
  }

  async check(request: SignedRequest): Promise<void> {
    const authorization = header(request.headers, "authorization");
    if (!authorization) fail("MissingAuthenticationTokenException", "Missing Authentication Token");
    const parsed = parseAuthorization(authorization);
    if (parsed.service !== SERVICE)
      fail("InvalidSignatureException", `Credential should be scoped to correct service: '${SERVICE}'.`);
    const credentials = this.#credentials;
    if (credentials === undefined) return;
    if (
      !constantTimeTextEqual(parsed.accessKeyId, credentials.accessKeyId) ||
      header(request.headers, "x-amz-security-token") !== undefined
    )
      fail("UnrecognizedClientException", "The security token included in the request is invalid.");
    if (parsed.region !== this.#region)
      fail(
        "InvalidSignatureException",
        `Credential should be scoped to a valid region, not '${parsed.region}'.`,
      );
    await this.#verify(request, parsed, credentials);
  }

  async #verify(request: SignedRequest, parsed: ParsedAuthorization, credentials: IamCredentials) {
    const xAmzDate = header(request.headers, "x-amz-date") ?? "";
    const signedAt = amzDateToMs(xAmzDate);
    if (signedAt === undefined || !parsed.signedHeaders.includes("x-amz-date"))
      incomplete("Authorization header requires existence of a signed 'X-Amz-Date' header.");
    if (!parsed.signedHeaders.includes("host"))
      fail("InvalidSignatureException", "'Host' must be a signed header.");
    if (xAmzDate.slice(0, 8) !== parsed.date)
      fail(
        "InvalidSignatureException",
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parsed.date}' != '${xAmzDate.slice(0, 8)}', from '${xAmzDate}'.`,
      );
    const now = this.#now();
    if (signedAt < now - MAX_SKEW_MS)
      fail(
        "InvalidSignatureException",
        `Signature expired: ${xAmzDate} is now earlier than ${amzDate(now - MAX_SKEW_MS)} (${amzDate(now)} - 5 min.)`,
      );
    if (signedAt > now + MAX_SKEW_MS)
      fail(
        "InvalidSignatureException",
        `Signature not yet current: ${xAmzDate} is still later than ${amzDate(now + MAX_SKEW_MS)} (${amzDate(now)} + 5 min.)`,
      );
    const payloadHash = header(request.headers, "x-amz-content-sha256");
    const bodyHash = createHash("sha256").update(request.body).digest("hex");
    if (payloadHash !== undefined && payloadHash !== bodyHash)
      fail(
        "InvalidSignatureException",
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
      );

    const headers: Record<string, string> = {};
    for (const name of parsed.signedHeaders) {
      const value = header(request.headers, name);
      if (value === undefined)
        fail("InvalidSignatureException", `The header '${name}' is listed in SignedHeaders but absent.`);
      if (name !== "x-amz-date") headers[name] = value;
    }
    const { path, query } = splitUrl(request.url);
    const signer = new SignatureV4({
      credentials,
      region: parsed.region,
      service: SERVICE,
      sha256: Hash.bind(null, "sha256"),
      applyChecksum: false,
    });
    const signed = await signer.sign(
      {
        method: request.method,
        protocol: "http:",
        hostname: headers["host"] ?? "",
        path,
        query,
        headers,
        body: request.body,
      },
      { signingDate: new Date(signedAt), signableHeaders: new Set(parsed.signedHeaders) },
    );
    const expected =
      String(signed.headers["authorization"] ?? "").match(/Signature=([0-9a-f]{64})$/)?.[1] ?? "";
    if (!constantTimeTextEqual(expected, parsed.signature)) fail("InvalidSignatureException", MISMATCH);
  }
}

/** Compares two strings without leaking where they differ (lengths may differ). */
function constantTimeTextEqual(a: string, b: string): boolean {
  const x = createHash("sha256").update(a).digest();
  const y = createHash("sha256").update(b).digest();
  return timingSafeEqual(x, y);
}
