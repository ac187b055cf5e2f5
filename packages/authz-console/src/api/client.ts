import type { Scope } from "./types.ts";

/** A failed API call: HTTP status (0 when the service could not be reached) and Permit's error body. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly title = "",
  ) {
    super(message);
  }
}

export interface ApiResult<T> {
  body: T;
  /** `x-policy-version` of a write: the policy version that includes it. */
  version: number | undefined;
}

type Query = Record<string, string | number | boolean | undefined>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== "") params.set(k, String(v));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** A path segment: keys may hold `|`, `@`, `+` and the like. */
export const seg = (key: string): string => encodeURIComponent(key);

async function errorOf(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => ({}))) as {
    error_code?: string;
    title?: string;
    message?: string;
    detail?: { loc?: unknown[]; msg?: string }[];
  };
  let message = body.message ?? res.statusText ?? "request failed";
  if (Array.isArray(body.detail) && body.detail.length > 0) {
    message = body.detail.map((d) => `${(d.loc ?? []).slice(1).join(".") || "input"}: ${d.msg}`).join("; ");
  }
  return new ApiError(res.status, body.error_code ?? "HTTP_ERROR", message, body.title ?? "");
}

export interface ApiClientOptions {
  key: string;
  /** Called on 401/403: the key is missing, wrong or revoked. */
  onRefused?: (err: ApiError) => void;
}

/**
 * The console's only door into the service: the public REST API with `Authorization: Bearer <key>`,
 * exactly as the SDK calls it. Paths under the project and environment come from `/v2/api-key/scope`.
 */
export class ApiClient {
  scope: Scope | undefined;
  constructor(private readonly options: ApiClientOptions) {}

  get key(): string {
    return this.options.key;
  }

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<ApiResult<T>> {
    let res: Response;
    try {
      res = await fetch(path, {
        method,
        headers: {
          accept: "application/json",
          authorization: `Bearer ${this.options.key}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? null : JSON.stringify(body),
        cache: "no-store",
        signal: signal ?? null,
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new ApiError(0, "NETWORK", "the authorization service could not be reached");
    }
    if (!res.ok) {
      const err = await errorOf(res);
      if (res.status === 401 || res.status === 403) this.options.onRefused?.(err);
      throw err;
    }
    const header = res.headers.get("x-policy-version");
    const version = header === null ? undefined : Number(header);
    const text = res.status === 204 ? "" : await res.text();
    return { body: (text ? JSON.parse(text) : undefined) as T, version };
  }

  async get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
    return (await this.request<T>("GET", withQuery(path, query), undefined, signal)).body;
  }

  /** Asks which project and environment the key belongs to; every other path needs them. */
  async loadScope(): Promise<Scope> {
    this.scope = await this.get<Scope>("/v2/api-key/scope");
    return this.scope;
  }

  private base(kind: "schema" | "facts" | "pdps"): string {
    const s = this.scope;
    if (!s) throw new Error("scope not loaded");
    return `/v2/${kind}/${seg(s.project_id)}/${seg(s.environment_id)}`;
  }

  /** `/v2/schema/{project}/{env}` + path. */
  schema(path: string): string {
    return `${this.base("schema")}${path}`;
  }

  /** `/v2/facts/{project}/{env}` + path. */
  facts(path: string): string {
    return `${this.base("facts")}${path}`;
  }

  /** `/v2/pdps/{project}/{env}` + path. */
  pdps(path: string): string {
    return `${this.base("pdps")}${path}`;
  }
}
