import { useNotices } from "@tollgate/web-ui";
import { useCallback } from "react";
import type { ApiClient, ApiResult } from "../api/client.ts";
import { describeError } from "../api/errors.ts";
import { useConsole } from "./console-context.ts";
import { usePolicy } from "./policy-store.tsx";

export interface WriteOptions {
  /** Completes "Could not …" in a failure message, e.g. "delete resource task". */
  what: string;
  /** Said when it worked. */
  done?: string;
  /** Re-read resources and roles afterwards (schema and role writes). */
  refreshPolicy?: boolean;
}

/**
 * Runs a management write and reports on it: a polite confirmation, or an alert that says what did
 * not happen. Resolves to the result, or undefined when it failed (the message has been shown).
 */
export function useWrite() {
  const { api } = useConsole();
  const notices = useNotices();
  const policy = usePolicy();
  return useCallback(
    async <T>(options: WriteOptions, send: (api: ApiClient) => Promise<ApiResult<T>>) => {
      try {
        const result = await send(api);
        policy.noteWrite(result.version);
        if (options.refreshPolicy) await policy.reload();
        if (options.done) notices.success(options.done);
        return result;
      } catch (err) {
        notices.error(describeError(err, options.what));
        return undefined;
      }
    },
    [api, notices, policy],
  );
}
