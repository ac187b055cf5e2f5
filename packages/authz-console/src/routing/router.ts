/** The console's pages, by path (moving between them is `navigate` from @tollgate/web-ui). */
export type Route =
  | { page: "policy" }
  | { page: "schema" }
  | { page: "roles" }
  | { page: "users" }
  | { page: "user"; key: string }
  | { page: "tenants" }
  | { page: "tenant"; key: string }
  | { page: "audit" }
  | { page: "tester" }
  | { page: "instances" }
  | { page: "condition-sets" }
  | { page: "instance"; id: string }
  | { page: "not-found" };

function decode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

export function routeOf(path: string): Route {
  const parts = path.split("/").filter(Boolean);
  const [first, second] = parts;
  if (parts.length === 0 || (first === "policy" && parts.length === 1)) return { page: "policy" };
  if (parts.length === 1) {
    switch (first) {
      case "schema":
      case "roles":
      case "users":
      case "tenants":
      case "audit":
      case "tester":
      case "instances":
      case "condition-sets":
        return { page: first };
    }
  }
  if (parts.length === 2 && second !== undefined) {
    const key = decode(second);
    if (key !== undefined && first === "users") return { page: "user", key };
    if (key !== undefined && first === "tenants") return { page: "tenant", key };
    if (key !== undefined && first === "instances") return { page: "instance", id: key };
  }
  return { page: "not-found" };
}

export const userPath = (key: string) => `/users/${encodeURIComponent(key)}`;
export const tenantPath = (key: string) => `/tenants/${encodeURIComponent(key)}`;
export const instancePath = (id: string) => `/instances/${encodeURIComponent(id)}`;
