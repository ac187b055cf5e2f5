/** The app's screens, by path; a path that names none of them is "not found", not the task list. */
export type Screen = "tasks" | "users" | "not-found";

export function screenOf(pathname: string): Screen {
  if (pathname === "/" || pathname === "" || pathname === "/index.html") return "tasks";
  if (pathname === "/users" || pathname === "/users/") return "users";
  return "not-found";
}
