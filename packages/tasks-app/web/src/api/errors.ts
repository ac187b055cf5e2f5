import { ApiError } from "./client.ts";

function sentence(text: string): string {
  const t = text.trim();
  if (!t) return "Something went wrong.";
  const s = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/**
 * What to tell a person when an action failed. `action` completes "You don't have permission to …",
 * e.g. "delete tasks". Every message says whether anything changed, because people retry otherwise.
 */
export function describeError(err: unknown, action: string): string {
  if (!(err instanceof ApiError)) {
    return `Could not ${action}: ${err instanceof Error ? err.message : String(err)}.`;
  }
  switch (err.code) {
    case "user_removed":
      return "This account has been removed.";
    case "cannot_remove_self":
      return "You can't remove your own account — ask another admin to do it.";
    case "user_exists":
      return "A user with that email already exists.";
    case "task_not_found":
      return "That task no longer exists — someone else may have deleted it.";
    case "user_not_found":
      return "That user no longer exists — someone else may have removed them.";
  }
  switch (err.status) {
    case 0:
      return `Could not ${action}: the server could not be reached. Check your connection — nothing was changed.`;
    case 401:
      return "Your session has expired. Sign in again to continue — nothing was changed.";
    case 403:
      return `You don't have permission to ${action}. Your role may have just changed — the page now shows what you can do.`;
    case 503:
      return "Authorization service unavailable — nothing was changed. Try again in a moment.";
    case 502:
      return sentence(err.message || "the user pool could not complete the request; nothing was changed");
    case 400:
      return `Could not ${action}: ${sentence(err.message)}`;
    default:
      return `Could not ${action} (error ${err.status}): ${sentence(err.message)}`;
  }
}
