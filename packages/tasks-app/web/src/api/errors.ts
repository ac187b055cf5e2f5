import { asSentence } from "@tollgate/web-ui";
import { ApiError } from "./client.ts";

function byStatus(err: ApiError, action: string): string {
  switch (err.status) {
    case 401:
      return "Your session has expired. Sign in again to continue — nothing was changed.";
    case 403:
      return `You don't have permission to ${action}. Your role may have just changed — the page now shows what you can do.`;
    case 502:
    case 503:
    case 504:
      return `Could not ${action}: the server is unavailable (error ${err.status}) — nothing was changed. Try again in a moment.`;
    default:
      return `Could not ${action} (error ${err.status}): ${asSentence(err.message)}`;
  }
}

/**
 * What to tell a person when an action failed. `action` completes "You don't have permission to …",
 * e.g. "delete tasks". Every message says whether anything changed, because people retry otherwise.
 * The switch covers every code the server can send (the closed union in @tollgate/contracts): a new
 * code does not compile until it has a message here.
 */
export function describeError(err: unknown, action: string): string {
  if (!(err instanceof ApiError)) {
    return `Could not ${action}: ${err instanceof Error ? err.message : String(err)}.`;
  }
  const code = err.code;
  switch (code) {
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
    case "share_not_found":
      return "That person no longer has shared access to this task — nothing was changed.";
    case "already_owner":
      return "That person owns this task already — nothing was changed.";
    case "cannot_share_with_self":
      return "You already have access to this task — share it with someone else.";
    case "project_not_found":
      return "That project no longer exists — nothing was changed.";
    case "member_not_found":
      return "That person is not a member of this project — nothing was changed.";
    case "network":
      return `Could not ${action}: the server could not be reached. Check your connection — nothing was changed.`;
    case "unauthorized":
    case "session_ended":
    case "user_disabled":
      return "Your session has expired. Sign in again to continue — nothing was changed.";
    case "forbidden":
      return `You don't have permission to ${action}. Your role may have just changed — the page now shows what you can do.`;
    case "authorization_unavailable":
      return "Authorization service unavailable — nothing was changed. Try again in a moment.";
    case "user_pool_unavailable":
    case "removal_incomplete":
      return asSentence(err.message || "the user pool could not complete the request; nothing was changed");
    case "invalid_request":
    case "invalid_user":
      return `Could not ${action}: ${asSentence(err.message)}`;
    case "not_found":
    case "internal_error":
      return `Could not ${action} (error ${err.status}): ${asSentence(err.message)}`;
    case "http_error":
      // Not the app's answer (a proxy's, say): the status is all there is to go on.
      return byStatus(err, action);
    default: {
      const unhandled: never = code;
      return `Could not ${action}: ${String(unhandled)}.`;
    }
  }
}
