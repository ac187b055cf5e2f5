/**
 * Every `error` code the tasks app's API answers with, in its `{error, message}` body. Closed: the
 * server can send no other (its `sendError` takes only these), and the SPA switches on them
 * exhaustively, so a new code is a compile error in the UI until it is handled.
 */
export const TASKS_API_ERROR_CODES = [
  // The request
  "invalid_request",
  "not_found",
  // Who is asking (the guard's and the session check's)
  "unauthorized",
  "session_ended",
  "user_disabled",
  "user_removed",
  "forbidden",
  // The services behind the app
  "authorization_unavailable",
  "user_pool_unavailable",
  // Tasks
  "task_not_found",
  // Sharing and projects
  "share_not_found",
  "already_owner",
  "cannot_share_with_self",
  "project_not_found",
  "member_not_found",
  // Users
  "user_exists",
  "user_not_found",
  "invalid_user",
  "cannot_remove_self",
  "removal_incomplete",
  // Anything else
  "internal_error",
] as const;

export type TasksApiErrorCode = (typeof TASKS_API_ERROR_CODES)[number];

export function isTasksApiErrorCode(code: unknown): code is TasksApiErrorCode {
  return (TASKS_API_ERROR_CODES as readonly unknown[]).includes(code);
}
