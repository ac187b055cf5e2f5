import { isTasksApiErrorCode, type TasksApiErrorCode } from "@tollgate/contracts";

/**
 * Why a call failed: one of the server's codes, `network` when the server could not be reached, or
 * `http_error` when something answered without the app's error body (a proxy, say).
 */
export type ApiErrorCode = TasksApiErrorCode | "network" | "http_error";

/** An API failure: the HTTP status (0 when the server could not be reached) and the server's code. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface ApiClientOptions {
  /** The access token to send now. */
  token(): string;
  /** Renews or re-signs-in after a 401; resolves to a fresh token, or undefined if the page is leaving. */
  reauthenticate(): Promise<string | undefined>;
  /** A 403 means the permissions the UI shows are stale. */
  onForbidden(): void;
}

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  delete(path: string): Promise<void>;
}

async function errorOf(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => ({}))) as { error?: unknown; message?: unknown };
  const code = isTasksApiErrorCode(body.error) ? body.error : "http_error";
  const message = typeof body.message === "string" ? body.message : res.statusText;
  return new ApiError(res.status, code, message);
}

/**
 * The same-origin JSON API with the bearer token. A 401 gets one retry with a renewed token (the
 * server answers 401 before doing anything, so retrying a POST is safe); if renewal is impossible
 * the user is sent to sign in again.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const send = (method: string, path: string, body: unknown, token: string) =>
    fetch(path, {
      method,
      headers: {
        accept: "application/json",
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? null : JSON.stringify(body),
      cache: "no-store",
    }).catch(() => {
      throw new ApiError(0, "network", "the server could not be reached");
    });

  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res = await send(method, path, body, options.token());
    if (res.status === 401) {
      const first = await errorOf(res);
      // A deleted account stays deleted; renewing would not help.
      if (first.code === "user_removed") throw first;
      const fresh = await options.reauthenticate();
      if (!fresh) throw first;
      res = await send(method, path, body, fresh);
    }
    if (!res.ok) {
      // A 401 even with a renewed token is reported, not renewed again: that would loop.
      const err = await errorOf(res);
      if (res.status === 403) options.onForbidden();
      throw err;
    }
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }

  return {
    get: (path) => request("GET", path),
    post: (path, body) => request("POST", path, body),
    patch: (path, body) => request("PATCH", path, body),
    put: (path, body) => request("PUT", path, body),
    delete: (path) => request<void>("DELETE", path),
  };
}
