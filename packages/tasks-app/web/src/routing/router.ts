/** The app's screens, by path; anything unknown is the task list. */
export type Screen = "tasks" | "users";

export function screenOf(pathname: string): Screen {
  return pathname === "/users" || pathname.startsWith("/users/") ? "users" : "tasks";
}
