import type { User } from "../../api/types.ts";

export function displayName(u: Pick<User, "key" | "first_name" | "last_name">): string {
  const name = [u.first_name, u.last_name].filter(Boolean).join(" ");
  return name || u.key;
}

/** A user's roles as "role · tenant" chips (the tenant left out when it is the default one). */
export function RoleChips({ assignments }: { assignments: { role: string; tenant: string }[] }) {
  if (assignments.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="chips">
      {assignments.map((a) => (
        <li key={`${a.tenant}/${a.role}`} className="chip">
          {a.role}
          {a.tenant !== "default" && <span className="chip-tenant"> · {a.tenant}</span>}
        </li>
      ))}
    </ul>
  );
}
