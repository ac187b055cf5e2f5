import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { CognitoError } from "../domain/errors.ts";

/** A Cognito trigger event: the envelope plus trigger-specific request and response. */
export interface TriggerEvent {
  version: string;
  triggerSource: string;
  region: string;
  userPoolId: string;
  userName?: string;
  callerContext: { awsSdkVersion: string; clientId: string };
  request: Record<string, unknown>;
  response: Record<string, unknown>;
}

/** Runs a trigger target and returns the event as the function returned it. */
export interface TriggerInvoker {
  invoke(target: string, triggerName: string, event: TriggerEvent): Promise<TriggerEvent>;
}

type Handler = (event: TriggerEvent, context: Record<string, unknown>) => unknown;

/** Cognito waits about five seconds for a trigger. [uncertain] the exact limit is not documented. */
const TIMEOUT_MS = 5000;

/**
 * Invokes triggers the two ways Tollgate supports in place of a Lambda ARN:
 * - `http://…` / `https://…`: POST the event as JSON; the body of a 2xx answer is the returned event.
 * - a local ES module (`file://…`, absolute, or relative to the working directory) exporting `handler`
 *   (or a default function) with Lambda's signature.
 * Any failure becomes `UserLambdaValidationException: <Trigger> failed with error <message>.`, the
 * message Cognito gives when a function throws.
 */
export class DefaultTriggerInvoker implements TriggerInvoker {
  readonly #modules = new Map<string, Promise<Handler>>();

  async invoke(target: string, triggerName: string, event: TriggerEvent): Promise<TriggerEvent> {
    let result: unknown;
    try {
      result = /^https?:\/\//i.test(target)
        ? await this.#webhook(target, event)
        : await withTimeout((await this.#module(target))(structuredClone(event), lambdaContext(triggerName)));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new CognitoError("UserLambdaValidationException", `${triggerName} failed with error ${message}.`);
    }
    if (result === null || typeof result !== "object" || Array.isArray(result))
      throw new CognitoError(
        "InvalidLambdaResponseException",
        `Invalid lambda response received for ${triggerName}.`,
      );
    const returned = result as Partial<TriggerEvent>;
    return { ...event, ...returned, response: (returned.response ?? {}) as Record<string, unknown> };
  }

  async #webhook(url: string, event: TriggerEvent): Promise<unknown> {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(event),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(errorMessageFrom(text) ?? `HTTP ${res.status}`);
    return JSON.parse(text) as unknown;
  }

  #module(target: string): Promise<Handler> {
    let loaded = this.#modules.get(target);
    if (loaded === undefined) {
      const url = target.startsWith("file://")
        ? target
        : pathToFileURL(isAbsolute(target) ? target : resolve(target)).href;
      loaded = import(url).then((mod: { handler?: unknown; default?: unknown }) => {
        const fn = typeof mod.handler === "function" ? mod.handler : mod.default;
        if (typeof fn !== "function") throw new Error(`${target} exports no handler function`);
        return fn as Handler;
      });
      // A module that failed to load may be fixed on disk; do not cache the failure.
      loaded.catch(() => this.#modules.delete(target));
      this.#modules.set(target, loaded);
    }
    return loaded;
  }
}

/** A webhook may answer `{"errorMessage": "..."}` (Lambda's shape) or `{"message": "..."}`. */
function errorMessageFrom(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { errorMessage?: unknown; message?: unknown };
    if (typeof parsed.errorMessage === "string") return parsed.errorMessage;
    if (typeof parsed.message === "string") return parsed.message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.trim().slice(0, 200) || undefined;
}

function lambdaContext(functionName: string): Record<string, unknown> {
  return {
    functionName,
    awsRequestId: crypto.randomUUID(),
    getRemainingTimeInMillis: () => TIMEOUT_MS,
    callbackWaitsForEmptyEventLoop: false,
  };
}

function withTimeout<T>(value: T | Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    Promise.resolve(value),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("Task timed out")), TIMEOUT_MS);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}
