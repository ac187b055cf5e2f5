import { asSentence } from "@tollgate/web-ui";
import { ApiError } from "./client.ts";

/**
 * What to tell a person when something failed. `action` completes "Could not …", e.g. "save the
 * role". Each message says whether anything changed, because otherwise people retry blindly.
 */
export function describeError(err: unknown, action: string): string {
  if (!(err instanceof ApiError)) {
    return `Could not ${action}: ${err instanceof Error ? err.message : String(err)}.`;
  }
  switch (err.status) {
    case 0:
      return `Could not ${action}: the authorization service could not be reached. Nothing was changed.`;
    case 401:
    case 403:
      return `Could not ${action}: the API key was refused. Sign in again with a valid key.`;
    case 404:
      return `Could not ${action}: ${asSentence(err.message)} Someone may have just deleted it.`;
    case 409:
      return `Could not ${action}: ${asSentence(err.message)}`;
    case 400:
    case 422:
      return `Could not ${action}: ${asSentence(err.message)} Nothing was changed.`;
    default:
      return `Could not ${action} (error ${err.status}): ${asSentence(err.message)} Nothing was changed.`;
  }
}
